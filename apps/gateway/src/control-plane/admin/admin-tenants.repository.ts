import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, Tenant, TenantStatus } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import { escapeLike } from '../common/escape-like';
import type { PageRequest } from '../common/pagination';

export type TenantFilter = { status?: TenantStatus; search?: string };

/** Tenants across the platform: the only repository that is not tenant-scoped, for platform admins. */
@Injectable()
export class AdminTenantsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Newest first. */
  list(filter: TenantFilter, page: PageRequest): Promise<Tenant[]> {
    const search = filter.search === undefined ? undefined : escapeLike(filter.search);
    return this.prisma.tenant.findMany({
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(search
          ? {
              OR: [
                { slug: { contains: search, mode: 'insensitive' } },
                { name: { contains: search, mode: 'insensitive' } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  findById(tenantId: string, tx: Prisma.TransactionClient = this.prisma): Promise<Tenant | null> {
    return tx.tenant.findUnique({ where: { id: tenantId } });
  }

  async counts(tenantId: string, now: Date): Promise<{ memberCount: number; activeApiKeyCount: number }> {
    const [memberCount, activeApiKeyCount] = await Promise.all([
      this.prisma.membership.count({ where: { tenantId } }),
      this.prisma.apiKey.count({
        where: { tenantId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      }),
    ]);
    return { memberCount, activeApiKeyCount };
  }

  /** Moves a tenant from one status to another only if it is still in `from`; null when it was not. */
  async transition(
    tx: Prisma.TransactionClient,
    tenantId: string,
    from: TenantStatus,
    data: { status: TenantStatus; suspendedAt: Date | null; suspensionReason: string | null },
  ): Promise<Tenant | null> {
    const [updated] = await tx.tenant.updateManyAndReturn({ where: { id: tenantId, status: from }, data });
    return updated ?? null;
  }

  setTier(tx: Prisma.TransactionClient, tenantId: string, tierId: string): Promise<Tenant> {
    return tx.tenant.update({ where: { id: tenantId }, data: { tierId } });
  }

  async tierExists(tierId: string): Promise<boolean> {
    return (await this.prisma.slaTier.count({ where: { id: tierId } })) > 0;
  }

  /** Hashes of the tenant's unrevoked data-plane keys: the ones a gateway cache may hold as usable. */
  async dataPlaneKeyHashes(tenantId: string): Promise<string[]> {
    const keys = await this.prisma.apiKey.findMany({
      where: { tenantId, kind: 'data_plane', revokedAt: null },
      select: { hash: true },
    });
    return keys.map((key) => key.hash);
  }
}
