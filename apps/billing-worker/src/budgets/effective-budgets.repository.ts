import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { computeEffectivePolicy, policyDocumentFromColumns, type Budgets } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';

/** A tenant's name and the budgets section of its effective policy. */
export type TenantBudgets = { tenantId: string; tenantName: string; budgets: Budgets };

/**
 * Reads budgets the way the control plane and the data plane do: the tier's defaults overlaid by the tenant's
 * current policy version (computeEffectivePolicy), so an alert fires against the cap the tenant sees.
 */
@Injectable()
export class EffectiveBudgetsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

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

  /** Emails of the members who hear about money: owners and the billing role. */
  async recipients(tenantId: string): Promise<string[]> {
    const members = await this.prisma.membership.findMany({
      where: { tenantId, role: { in: ['owner', 'billing'] } },
      select: { user: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return members.map((member) => member.user.email);
  }

  webhook(tenantId: string) {
    return this.prisma.budgetAlertWebhook.findUnique({ where: { tenantId } });
  }
}
