import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, PrismaClient } from '@llmguard/db';
import { credentialSealerFromEnv, openBudgetWebhookSecret, type CredentialSealer } from '@llmguard/server';
import {
  computeEffectivePolicy,
  policyDocumentFromColumns,
  type BillingWorkerEnv,
  type Budgets,
} from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { WORKER_ENV } from '../config';

/** A tenant's name and the budgets section of its effective policy. */
export type TenantBudgets = { tenantId: string; tenantName: string; budgets: Budgets };

/** Where a tenant's alerts are POSTed, with the signing secret opened. */
export type WebhookTarget = { url: string; signingSecret: string };

/**
 * Reads budgets the way the control plane and the data plane do: the tier's defaults overlaid by the tenant's
 * current policy version (computeEffectivePolicy), so an alert fires against the cap the tenant sees.
 */
@Injectable()
export class EffectiveBudgetsRepository {
  private readonly sealer: CredentialSealer;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(WORKER_ENV) env: BillingWorkerEnv,
  ) {
    this.sealer = credentialSealerFromEnv(env);
  }

  async of(tenantId: string): Promise<TenantBudgets | null> {
    const tenant = await this.prisma.tenant.findUnique({
      where: { id: tenantId },
      select: { name: true, tierId: true, currentPolicyVersion: true },
    });
    if (!tenant) return null;
    const [defaults, version] = await Promise.all([
      this.prisma.tierPolicyDefaults.findUnique({ where: { tierId: tenant.tierId } }),
      tenant.currentPolicyVersion === null
        ? null
        : this.prisma.tenantPolicy.findUnique({
            where: { tenantId_version: { tenantId, version: tenant.currentPolicyVersion } },
          }),
    ]);
    const effective = computeEffectivePolicy(
      defaults ? policyDocumentFromColumns(defaults) : {},
      version ? policyDocumentFromColumns(version) : null,
    );
    return { tenantId, tenantName: tenant.name, budgets: effective.budgets ?? {} };
  }

  /** Emails of the tenant's members in the given roles (by default those who hear about money). */
  async recipients(tenantId: string, roles: MemberRole[] = ['owner', 'billing']): Promise<string[]> {
    const members = await this.prisma.membership.findMany({
      where: { tenantId, role: { in: roles } },
      select: { user: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return members.map((member) => member.user.email);
  }

  /**
   * The tenant's webhook, its secret opened with the gateway's CREDENTIAL_* settings. A secret that does not open
   * (keys differ, or the value was copied from another tenant) throws, so the alert stays pending and is retried.
   */
  async webhook(tenantId: string): Promise<WebhookTarget | null> {
    const row = await this.prisma.budgetAlertWebhook.findUnique({ where: { tenantId } });
    if (!row) return null;
    let signingSecret: string;
    try {
      signingSecret = openBudgetWebhookSecret(this.sealer, row.signingSecretSealed, tenantId);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the budget alert webhook secret of ${tenantId} cannot be opened: ${reason}`);
    }
    return { url: row.url, signingSecret };
  }
}
