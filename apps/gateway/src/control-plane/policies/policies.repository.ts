import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TenantPolicy, TierPolicyDefaults, User } from '@llmguard/db';
import { policyColumnsFromDocument, type PolicyDocument } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** A version with its author's account (null when the author was deleted). */
export type PolicyVersionRow = TenantPolicy & { createdBy: Pick<User, 'id' | 'email' | 'name'> | null };

const withAuthor = { createdBy: { select: { id: true, email: true, name: true } } } as const;

/**
 * tenant_policies (append-only: a trigger refuses UPDATE and DELETE) and tier_policy_defaults. Tenant methods take
 * the tenant id first, so no query can reach another tenant's versions.
 */
@Injectable()
export class PoliciesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findVersion(
    tenantId: string,
    version: number,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<PolicyVersionRow | null> {
    return tx.tenantPolicy.findUnique({
      where: { tenantId_version: { tenantId, version } },
      include: withAuthor,
    });
  }

  /** Newest first; `beforeVersion` is the cursor (exclusive). Fetches `limit + 1` rows. */
  listVersions(
    tenantId: string,
    page: { limit: number; beforeVersion?: number },
  ): Promise<PolicyVersionRow[]> {
    return this.prisma.tenantPolicy.findMany({
      where: { tenantId, version: page.beforeVersion === undefined ? undefined : { lt: page.beforeVersion } },
      include: withAuthor,
      orderBy: { version: 'desc' },
      take: page.limit + 1,
    });
  }

  /**
   * Moves tenants.current_policy_version from `expected` to `next` only if it still is `expected` (compare and
   * swap). The row lock it takes serialises concurrent writers until commit; false = someone else moved it first.
   */
  async advanceCurrentVersion(
    tx: Prisma.TransactionClient,
    tenantId: string,
    expected: number | null,
    next: number,
  ): Promise<boolean> {
    const { count } = await tx.tenant.updateMany({
      where: { id: tenantId, currentPolicyVersion: expected },
      data: { currentPolicyVersion: next },
    });
    return count === 1;
  }

  insertVersion(
    tx: Prisma.TransactionClient,
    tenantId: string,
    row: {
      id: string;
      version: number;
      document: PolicyDocument;
      createdById: string | null;
      comment: string | null;
    },
  ): Promise<PolicyVersionRow> {
    return tx.tenantPolicy.create({
      data: {
        id: row.id,
        tenantId,
        version: row.version,
        ...policyColumnsFromDocument(row.document),
        createdById: row.createdById,
        comment: row.comment,
      },
      include: withAuthor,
    });
  }

  findTierDefaults(
    tierId: string,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<TierPolicyDefaults | null> {
    return tx.tierPolicyDefaults.findUnique({ where: { tierId } });
  }

  tierExists(tierId: string): Promise<boolean> {
    return this.prisma.slaTier.count({ where: { id: tierId } }).then((count) => count > 0);
  }

  /** Locks the tier's defaults row (if any) until commit, so two admins' edits are audited in order. */
  async lockTierDefaults(tx: Prisma.TransactionClient, tierId: string): Promise<void> {
    await tx.$queryRaw`SELECT tier_id FROM tier_policy_defaults WHERE tier_id = ${tierId} FOR UPDATE`;
  }

  upsertTierDefaults(
    tx: Prisma.TransactionClient,
    tierId: string,
    document: PolicyDocument,
  ): Promise<TierPolicyDefaults> {
    const columns = policyColumnsFromDocument(document);
    return tx.tierPolicyDefaults.upsert({
      where: { tierId },
      create: { tierId, ...columns },
      update: columns,
    });
  }
}
