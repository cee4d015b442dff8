import { Inject, Injectable } from '@nestjs/common';
import type { AuditLogEntry, Prisma, PrismaClient } from '@llmguard/db';
import type { AuditLogFilters } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** Reads of one tenant's audit chain (writes go through AuditLogWriter, inside the change's transaction). */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Newest first, filtered; `beforeSequence` is the cursor (exclusive). Fetches `limit + 1` rows. */
  list(
    tenantId: string,
    filters: AuditLogFilters,
    page: { limit: number; beforeSequence?: bigint },
  ): Promise<AuditLogEntry[]> {
    const where: Prisma.AuditLogEntryWhereInput = {
      ...whereOf(tenantId, filters),
      sequence: page.beforeSequence === undefined ? undefined : { lt: page.beforeSequence },
    };
    return this.prisma.auditLogEntry.findMany({ where, orderBy: { sequence: 'desc' }, take: page.limit + 1 });
  }

  /** Oldest first, filtered, with afterSequence < sequence <= upToSequence: one page of an export. */
  exportBatch(
    tenantId: string,
    filters: AuditLogFilters,
    page: { afterSequence: bigint; upToSequence: bigint; size: number },
  ): Promise<AuditLogEntry[]> {
    return this.prisma.auditLogEntry.findMany({
      where: { ...whereOf(tenantId, filters), sequence: { gt: page.afterSequence, lte: page.upToSequence } },
      orderBy: { sequence: 'asc' },
      take: page.size,
    });
  }

  /** Sequence of the newest entry of the tenant's chain (0 when empty). */
  async headSequence(tenantId: string): Promise<bigint> {
    const head = await this.prisma.auditLogEntry.findFirst({
      where: { tenantId },
      orderBy: { sequence: 'desc' },
      select: { sequence: true },
    });
    return head?.sequence ?? 0n;
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

function whereOf(tenantId: string, filters: AuditLogFilters): Prisma.AuditLogEntryWhereInput {
  return {
    tenantId,
    actorType: filters.actorType,
    actorId: filters.actorId,
    action: actionFilter(filters.action),
    targetType: filters.targetType,
    targetId: filters.targetId,
    occurredAt: {
      gte: filters.from ? new Date(filters.from) : undefined,
      lt: filters.to ? new Date(filters.to) : undefined,
    },
  };
}

/** Exact, or every action of a resource when the filter ends in `.` or `.*` (`api_key.` and `api_key.*`). */
function actionFilter(action: string | undefined): Prisma.StringFilter | string | undefined {
  if (action === undefined) return undefined;
  const prefix = action.endsWith('.*') ? action.slice(0, -1) : action.endsWith('.') ? action : undefined;
  // Prisma passes startsWith to LIKE unescaped, so the `_` in `api_key.` would match any character.
  return prefix === undefined ? action : { startsWith: prefix.replace(/[\\%_]/g, '\\$&') };
}
