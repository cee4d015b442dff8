import { Inject, Injectable } from '@nestjs/common';
import type { MemberRole, Membership, Prisma, PrismaClient, User } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import type { PageRequest } from '../common/pagination';

/** A membership with the member's account. */
export type MemberRow = Membership & { user: User };

/** Memberships of one tenant; every method takes the tenant id first. */
@Injectable()
export class MembersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  list(tenantId: string, page: PageRequest): Promise<MemberRow[]> {
    return this.prisma.membership.findMany({
      where: { tenantId },
      include: { user: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  findById(tx: Prisma.TransactionClient, tenantId: string, memberId: string): Promise<MemberRow | null> {
    return tx.membership.findFirst({ where: { id: memberId, tenantId }, include: { user: true } });
  }

  /**
   * Locks the tenant's owner rows until the transaction ends and returns their user ids. Two owners demoting each
   * other at once would otherwise both see "another owner remains" and leave the tenant with none.
   */
  async lockOwners(tx: Prisma.TransactionClient, tenantId: string): Promise<string[]> {
    const rows = await tx.$queryRaw<{ user_id: string }[]>`
      SELECT user_id FROM memberships WHERE tenant_id = ${tenantId} AND role = 'owner' FOR UPDATE`;
    return rows.map((row) => row.user_id);
  }

  updateRole(
    tx: Prisma.TransactionClient,
    tenantId: string,
    memberId: string,
    role: MemberRole,
  ): Promise<MemberRow> {
    return tx.membership.update({
      where: { id: memberId, tenantId },
      data: { role },
      include: { user: true },
    });
  }

  async delete(tx: Prisma.TransactionClient, tenantId: string, memberId: string): Promise<void> {
    await tx.membership.delete({ where: { id: memberId, tenantId } });
  }
}
