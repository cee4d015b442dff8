import { Inject, Injectable } from '@nestjs/common';
import type { ApiKey, Prisma, PrismaClient, TenantStatus } from '@llmguard/db';
import { PRISMA } from '../../clients/clients.module';
import type { PageRequest } from '../common/pagination';

/** API keys of one tenant; every method takes the tenant id first, so no query can reach another tenant's key. */
@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  create(
    tx: Prisma.TransactionClient,
    tenantId: string,
    data: Omit<Prisma.ApiKeyUncheckedCreateInput, 'tenantId'>,
  ): Promise<ApiKey> {
    return tx.apiKey.create({ data: { ...data, tenantId } });
  }

  /** Newest first (the (tenant_id, created_at) index). */
  list(tenantId: string, page: PageRequest): Promise<ApiKey[]> {
    return this.prisma.apiKey.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
      ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
    });
  }

  findById(
    tenantId: string,
    keyId: string,
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<ApiKey | null> {
    return tx.apiKey.findFirst({ where: { id: keyId, tenantId } });
  }

  /**
   * The one lookup that is not tenant-scoped: a secret names its own tenant (management-key sign-in, as the data
   * plane does for its keys).
   */
  findByHashAcrossTenants(hash: string): Promise<(ApiKey & { tenant: { status: TenantStatus } }) | null> {
    return this.prisma.apiKey.findUnique({
      where: { hash },
      include: { tenant: { select: { status: true } } },
    });
  }

  /** The key that replaced this one in a rotation, if any. */
  findSuccessor(tx: Prisma.TransactionClient, tenantId: string, keyId: string): Promise<ApiKey | null> {
    return tx.apiKey.findFirst({ where: { tenantId, rotatedFromId: keyId } });
  }

  update(
    tx: Prisma.TransactionClient,
    tenantId: string,
    keyId: string,
    data: Prisma.ApiKeyUncheckedUpdateInput,
  ): Promise<ApiKey> {
    return tx.apiKey.update({ where: { id: keyId, tenantId }, data });
  }
}
