import { Inject, Injectable } from '@nestjs/common';
import type { AuditLogEntry, Prisma, PrismaClient } from '@llmguard/db';
import type { ListAuditLogQuery } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** Reads of one tenant's audit chain (writes go through AuditLogWriter, inside the change's transaction). */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Newest first, filtered; `beforeSequence` is the cursor (exclusive). Fetches `limit + 1` rows. */
  list(
    tenantId: string,
    filters: Omit<ListAuditLogQuery, 'cursor' | 'limit'>,
    page: { limit: number; beforeSequence?: bigint },
  ): Promise<AuditLogEntry[]> {
    const where: Prisma.AuditLogEntryWhereInput = {
      tenantId,
      actorType: filters.actorType,
      actorId: filters.actorId,
      // `api_key.*` selects every api_key action.
      action: filters.action?.endsWith('.*') ? { startsWith: filters.action.slice(0, -1) } : filters.action,
      targetType: filters.targetType,
      targetId: filters.targetId,
      occurredAt: {
        gte: filters.from ? new Date(filters.from) : undefined,
        lt: filters.to ? new Date(filters.to) : undefined,
      },
      sequence: page.beforeSequence === undefined ? undefined : { lt: page.beforeSequence },
    };
    return this.prisma.auditLogEntry.findMany({ where, orderBy: { sequence: 'desc' }, take: page.limit + 1 });
  }

  /** One batch of the chain in order, after a sequence number (0 = from the start). */
  chainBatch(tenantId: string, afterSequence: bigint, size: number): Promise<AuditLogEntry[]> {
    return this.prisma.auditLogEntry.findMany({
      where: { tenantId, sequence: { gt: afterSequence } },
      orderBy: { sequence: 'asc' },
      take: size,
    });
  }
}
