import { Inject, Injectable } from '@nestjs/common';
import type { Membership, Prisma, PrismaClient, Tenant } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';

/** Tenants and the caller's memberships in them. */
@Injectable()
export class TenantsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Creates the tenant and its first owner. */
  async createWithOwner(
    tx: Prisma.TransactionClient,
    tenant: { id: string; slug: string; name: string },
    owner: { membershipId: string; userId: string },
  ): Promise<Tenant> {
    const created = await tx.tenant.create({ data: tenant });
    await tx.membership.create({
      data: { id: owner.membershipId, tenantId: created.id, userId: owner.userId, role: 'owner' },
    });
    return created;
  }

  /** A page of the user's memberships in tenants that are not deleted, oldest first. */
  listForUser(
    userId: string,
    page: { limit: number; cursor?: string },
  ): Promise<(Membership & { tenant: Tenant })[]> {
    return this.prisma.membership.findMany({
      where: { userId, tenant: { status: { not: 'deleted' } } },
      include: { tenant: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  update(tx: Prisma.TransactionClient, tenantId: string, data: { name?: string }): Promise<Tenant> {
    return tx.tenant.update({ where: { id: tenantId }, data });
  }
}
