import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { diffPolicies, type PolicyDocument, type TierPolicyView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { notFound } from '../common/errors';
import { GatewayInvalidations } from '../common/gateway-invalidations';
import { AuditLogWriter, type AuditActor } from '../audit-log/audit-log.writer';
import { PoliciesRepository } from './policies.repository';
import { assertConsistent } from './policies.service';
import { auditSidesOf, tierDefaultsDocument, toTierPolicyView } from './policy.view';

/**
 * Tier default policies, edited by platform admins (PlatformAdminGuard on the controller). Unlike tenant policies
 * they are one mutable row per tier; every change is audited on the platform chain and pushed to every gateway,
 * since it changes every tenant of the tier.
 */
@Injectable()
export class TierPoliciesService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly policies: PoliciesRepository,
    private readonly audit: AuditLogWriter,
    private readonly invalidations: GatewayInvalidations,
  ) {}

  async get(tierId: string): Promise<TierPolicyView> {
    await this.assertTierExists(tierId);
    return toTierPolicyView(tierId, await this.policies.findTierDefaults(tierId));
  }

  /** Replaces the defaults. The same document again changes nothing and writes no audit entry (PUT is idempotent). */
  async update(actor: AuditActor, tierId: string, document: PolicyDocument): Promise<TierPolicyView> {
    await this.assertTierExists(tierId);
    // The defaults are the whole policy of a tenant without a version of its own.
    assertConsistent(document, 'body.document');
    const { row, changed } = await this.prisma.$transaction(async (tx) => {
      await this.policies.lockTierDefaults(tx, tierId);
      const before = await this.policies.findTierDefaults(tierId, tx);
      const changes = diffPolicies(tierDefaultsDocument(before), document);
      if (changes.length === 0) return { row: before, changed: false };
      const after = await this.policies.upsertTierDefaults(tx, tierId, document);
      await this.audit.append(tx, actor, {
        tenantId: null,
        action: 'tier_policy.updated',
        target: { type: 'sla_tier', id: tierId },
        ...auditSidesOf(changes, {}, {}),
      });
      return { row: after, changed: true };
    });
    if (changed) await this.invalidations.policyChanged({ tierId });
    return toTierPolicyView(tierId, row);
  }

  private async assertTierExists(tierId: string): Promise<void> {
    if (!(await this.policies.tierExists(tierId))) throw notFound('Tier');
  }
}
