import { Injectable } from '@nestjs/common';
import type { ExternalIdentity, MemberRole, Membership, Prisma, User } from '@llmguard/db';

/**
 * What an SSO sign-in reads and writes, all inside its transaction: external identities, the accounts they belong
 * to, and memberships of the signing-in tenant.
 */
@Injectable()
export class SsoIdentitiesRepository {
  findIdentity(
    tx: Prisma.TransactionClient,
    issuer: string,
    subject: string,
  ): Promise<(ExternalIdentity & { user: User }) | null> {
    return tx.externalIdentity.findUnique({
      where: { issuer_subject: { issuer, subject } },
      include: { user: true },
    });
  }

  async recordIdentityLogin(
    tx: Prisma.TransactionClient,
    identityId: string,
    email: string | null,
    at: Date,
  ): Promise<void> {
    await tx.externalIdentity.update({
      where: { id: identityId },
      data: { lastLoginAt: at, ...(email ? { email } : {}) },
    });
  }

  createIdentity(
    tx: Prisma.TransactionClient,
    data: {
      id: string;
      userId: string;
      provider: string;
      issuer: string;
      subject: string;
      email: string | null;
      lastLoginAt: Date;
    },
  ): Promise<ExternalIdentity> {
    return tx.externalIdentity.create({ data });
  }

  /** `email` must be lower-cased. */
  findUserByEmail(tx: Prisma.TransactionClient, email: string): Promise<User | null> {
    return tx.user.findUnique({ where: { email } });
  }

  /** An account with no password: it signs in through SSO (or sets a password by reset). */
  createUser(
    tx: Prisma.TransactionClient,
    data: { id: string; email: string; name: string; emailVerifiedAt: Date | null },
  ): Promise<User> {
    return tx.user.create({ data: { ...data, passwordHash: null } });
  }

  recordLogin(tx: Prisma.TransactionClient, userId: string, at: Date): Promise<User> {
    return tx.user.update({ where: { id: userId }, data: { lastLoginAt: at } });
  }

  findMembership(tx: Prisma.TransactionClient, tenantId: string, userId: string): Promise<Membership | null> {
    return tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });
  }

  createMembership(
    tx: Prisma.TransactionClient,
    data: { id: string; tenantId: string; userId: string; role: MemberRole },
  ): Promise<Membership & { user: User }> {
    return tx.membership.create({ data, include: { user: true } });
  }
}
