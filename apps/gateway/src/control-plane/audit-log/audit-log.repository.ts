import { Inject, Injectable } from '@nestjs/common';
import type { AuditLogEntry, Prisma, PrismaClient } from '@llmguard/db';
import type { AuditActorDetails, AuditLogFilters } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { escapeLike } from '../common/escape-like';

/** Reads of one tenant's audit chain (writes go through AuditLogWriter, inside the change's transaction). */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * The condition of a list or an export. A search also matches the actors whose email or name contains the text:
   * users who are members of the tenant or platform admins, and the tenant's keys; they are looked up once here so
   * each page of an export reuses them.
   */
  async whereOf(tenantId: string, filters: AuditLogFilters): Promise<Prisma.AuditLogEntryWhereInput> {
    const where: Prisma.AuditLogEntryWhereInput = {
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
    if (filters.search === undefined) return where;
    const text = { contains: escapeLike(filters.search), mode: 'insensitive' } as const;
    const [users, keys] = await Promise.all([
      this.prisma.user.findMany({
        where: {
          OR: [{ email: text }, { name: text }],
          AND: { OR: [{ memberships: { some: { tenantId } } }, { isPlatformAdmin: true }] },
        },
        select: { id: true },
        take: SEARCH_ACTORS_MAX,
      }),
      this.prisma.apiKey.findMany({
        where: { tenantId, name: text },
        select: { id: true },
        take: SEARCH_ACTORS_MAX,
      }),
    ]);
    const actorIds = [...users, ...keys].map((actor) => actor.id);
    return {
      ...where,
      OR: [
        { action: text },
        { targetType: text },
        { targetId: text },
        { actorId: text },
        ...(actorIds.length > 0 ? [{ actorId: { in: actorIds } }] : []),
      ],
    };
  }

  /** Newest first, filtered; `beforeSequence` is the cursor (exclusive). Fetches `limit + 1` rows. */
  list(
    where: Prisma.AuditLogEntryWhereInput,
    page: { limit: number; beforeSequence?: bigint },
  ): Promise<AuditLogEntry[]> {
    return this.prisma.auditLogEntry.findMany({
      where: {
        ...where,
        sequence: page.beforeSequence === undefined ? undefined : { lt: page.beforeSequence },
      },
      orderBy: { sequence: 'desc' },
      take: page.limit + 1,
    });
  }

  /** Oldest first, filtered, with afterSequence < sequence <= upToSequence: one page of an export. */
  exportBatch(
    where: Prisma.AuditLogEntryWhereInput,
    page: { afterSequence: bigint; upToSequence: bigint; size: number },
  ): Promise<AuditLogEntry[]> {
    return this.prisma.auditLogEntry.findMany({
      where: { ...where, sequence: { gt: page.afterSequence, lte: page.upToSequence } },
      orderBy: { sequence: 'asc' },
      take: page.size,
    });
  }

  /**
   * Who the actors of some entries are: users (name, email, platform admin) and the tenant's keys, by id. Ids that
   * name nobody any more are absent from the map.
   */
  async actorsOf(
    tenantId: string,
    entries: readonly AuditLogEntry[],
  ): Promise<Map<string, AuditActorDetails>> {
    const idsOf = (type: AuditLogEntry['actorType']) => [
      ...new Set(
        entries.flatMap((entry) => (entry.actorType === type && entry.actorId ? [entry.actorId] : [])),
      ),
    ];
    const userIds = idsOf('user');
    const keyIds = idsOf('api_key');
    const [users, keys] = await Promise.all([
      userIds.length === 0
        ? []
        : this.prisma.user.findMany({
            where: { id: { in: userIds } },
            select: { id: true, name: true, email: true, isPlatformAdmin: true },
          }),
      keyIds.length === 0
        ? []
        : this.prisma.apiKey.findMany({
            where: { tenantId, id: { in: keyIds } },
            select: { id: true, name: true },
          }),
    ]);
    const actors = new Map<string, AuditActorDetails>();
    for (const user of users)
      actors.set(user.id, { name: user.name, email: user.email, isPlatformAdmin: user.isPlatformAdmin });
    for (const key of keys) actors.set(key.id, { name: key.name, email: null, isPlatformAdmin: false });
    return actors;
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

/** Most users and most keys a search matches by name or email; a broader text should be narrowed. */
const SEARCH_ACTORS_MAX = 500;

/** Exact, or every action of a resource when the filter ends in `.` or `.*` (`api_key.` and `api_key.*`). */
function actionFilter(action: string | undefined): Prisma.StringFilter | string | undefined {
  if (action === undefined) return undefined;
  const prefix = action.endsWith('.*') ? action.slice(0, -1) : action.endsWith('.') ? action : undefined;
  // Prisma passes startsWith to LIKE unescaped, so the `_` in `api_key.` would match any character.
  return prefix === undefined ? action : { startsWith: escapeLike(prefix) };
}
