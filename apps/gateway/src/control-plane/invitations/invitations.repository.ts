import { Inject, Injectable } from '@nestjs/common';
import type { Invitation, MemberRole, Prisma, PrismaClient, Tenant } from '@llmguard/db';
import type { MemberRow } from '../members/members.repository';
import type { InvitationStatus } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import type { PageRequest } from '../common/pagination';

/** Open = neither accepted nor revoked (it may have expired): what re-inviting replaces. */
const OPEN = { acceptedAt: null, revokedAt: null } satisfies Prisma.InvitationWhereInput;

/** The SQL condition of each derived status (see invitationStatus). */
function statusCondition(status: InvitationStatus, now: Date): Prisma.InvitationWhereInput {
  switch (status) {
    case 'pending':
      return { ...OPEN, expiresAt: { gt: now } };
    case 'expired':
      return { ...OPEN, expiresAt: { lte: now } };
    case 'accepted':
      return { acceptedAt: { not: null } };
    case 'revoked':
      return { acceptedAt: null, revokedAt: { not: null } };
  }
}

/**
 * Invitations. Every method but the token lookup takes the tenant id first; a token names its own tenant, as a key
 * secret does.
 */
@Injectable()
export class InvitationsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Newest first. */
  list(
    tenantId: string,
    page: PageRequest & { status?: InvitationStatus },
    now: Date,
  ): Promise<Invitation[]> {
    return this.prisma.invitation.findMany({
      where: { tenantId, ...(page.status ? statusCondition(page.status, now) : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  findById(tx: Prisma.TransactionClient, tenantId: string, invitationId: string): Promise<Invitation | null> {
    return tx.invitation.findFirst({ where: { id: invitationId, tenantId } });
  }

  findByTokenHash(tokenHash: string): Promise<(Invitation & { tenant: Tenant }) | null> {
    return this.prisma.invitation.findUnique({ where: { tokenHash }, include: { tenant: true } });
  }

  /** Whether an account with this (lower-cased) email is already a member. */
  async isMemberByEmail(tx: Prisma.TransactionClient, tenantId: string, email: string): Promise<boolean> {
    return (await tx.membership.count({ where: { tenantId, user: { email } } })) > 0;
  }

  /** Revokes the address's open invitation, if any, and returns it (revoked). */
  async revokeOpen(
    tx: Prisma.TransactionClient,
    tenantId: string,
    email: string,
    at: Date,
  ): Promise<Invitation | null> {
    const [open] = await tx.invitation.updateManyAndReturn({
      where: { tenantId, email, ...OPEN },
      data: { revokedAt: at },
    });
    return open ?? null;
  }

  create(
    tx: Prisma.TransactionClient,
    tenantId: string,
    data: {
      id: string;
      email: string;
      role: MemberRole;
      tokenHash: string;
      invitedById: string | null;
      expiresAt: Date;
    },
  ): Promise<Invitation> {
    return tx.invitation.create({ data: { ...data, tenantId } });
  }

  /** Revokes an invitation only if it is still open; null when a concurrent accept or revoke got there first. */
  async revokeIfOpen(
    tx: Prisma.TransactionClient,
    tenantId: string,
    invitationId: string,
    at: Date,
  ): Promise<Invitation | null> {
    const [revoked] = await tx.invitation.updateManyAndReturn({
      where: { id: invitationId, tenantId, ...OPEN },
      data: { revokedAt: at },
    });
    return revoked ?? null;
  }

  /**
   * Marks a pending invitation accepted, only if it still is: a concurrent accept, revoke or expiry makes this
   * return null, so a token can never be used twice.
   */
  async claim(
    tx: Prisma.TransactionClient,
    invitationId: string,
    userId: string,
    at: Date,
  ): Promise<Invitation | null> {
    const [claimed] = await tx.invitation.updateManyAndReturn({
      where: { id: invitationId, ...OPEN, expiresAt: { gt: at } },
      data: { acceptedAt: at, acceptedById: userId },
    });
    return claimed ?? null;
  }

  /** The invitee's membership; the (tenant_id, user_id) key refuses a second one. */
  addMember(
    tx: Prisma.TransactionClient,
    tenantId: string,
    member: { id: string; userId: string; role: MemberRole },
  ): Promise<MemberRow> {
    return tx.membership.create({ data: { ...member, tenantId }, include: { user: true } });
  }
}
