import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, User } from '@llmguard/db';
import type { UserView } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** Users: accounts are not tenant-owned, so these queries take no tenant. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** `email` must already be lower-cased (the contract schema does it). */
  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email } });
  }

  findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  create(
    tx: Prisma.TransactionClient,
    data: { id: string; email: string; name: string; passwordHash: string; lastLoginAt: Date },
  ): Promise<User> {
    return tx.user.create({ data });
  }

  recordLogin(tx: Prisma.TransactionClient, userId: string, at: Date): Promise<User> {
    return tx.user.update({ where: { id: userId }, data: { lastLoginAt: at } });
  }

  markEmailVerified(tx: Prisma.TransactionClient, userId: string, at: Date): Promise<User> {
    return tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: at } });
  }

  setPasswordHash(tx: Prisma.TransactionClient, userId: string, passwordHash: string): Promise<User> {
    return tx.user.update({ where: { id: userId }, data: { passwordHash } });
  }
}

/** The API view of a user: no password hash, no internal flags beyond the platform-admin bit. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    isPlatformAdmin: user.isPlatformAdmin,
    createdAt: user.createdAt.toISOString(),
  };
}
