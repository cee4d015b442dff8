import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { guardrailActivityActionSchema, type GuardrailActivityAction } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';

/** The tenant's guardrail audit entries of [from, to). */
export type ActivityScope = { tenantId: string; from: Date; to: Date };

/** Counters of the whole range, as Postgres sums them (bigint). */
export type RangeCounts = {
  blocked: bigint;
  redacted: bigint;
  masked: bigint;
  flagged: bigint;
  blockedByPii: bigint;
  blockedByInjection: bigint;
  blockedByContentFilter: bigint;
  injectionFlagged: bigint;
  termHits: bigint;
  outputTermHits: bigint;
};

export type DayActionCount = { day: Date; action: string; requests: bigint };

export type PiiKindSums = {
  direction: 'input' | 'output';
  kind: string;
  found: bigint;
  requests: bigint;
};

export type CategoryCount = { category: string; requests: bigint };

/** A recent entry as stored: the billing worker's `after` (counts and kinds, never a value), read loosely. */
export type RecentEntryRow = {
  id: string;
  occurredAt: Date;
  action: string;
  targetId: string | null;
  actorId: string | null;
  after: Prisma.JsonValue;
};

// The actions the billing worker writes (apps/billing-worker/src/usage-stream/guardrail-audit.ts).
const ACTIONS = guardrailActivityActionSchema.options.map((action) => `guardrail.${action}`);

/** `after->'<field>'` when it holds JSON of the given type, else an empty one: entries are read, never trusted. */
const jsonOf = (field: string, type: 'object' | 'array') =>
  Prisma.raw(
    `CASE WHEN jsonb_typeof(after->'${field}') = '${type}' THEN after->'${field}' ELSE '${type === 'object' ? '{}' : '[]'}'::jsonb END`,
  );

/**
 * Aggregates of a tenant's guardrail audit entries, computed in Postgres over the `(tenant_id, occurred_at)` index:
 * no query loads every entry of a range.
 */
@Injectable()
export class GuardrailActivityRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async rangeCounts(scope: ActivityScope): Promise<RangeCounts> {
    const [row] = await this.prisma.$queryRaw<RangeCounts[]>`
      SELECT
        count(*) FILTER (WHERE action = 'guardrail.blocked') AS "blocked",
        count(*) FILTER (WHERE action = 'guardrail.redacted') AS "redacted",
        count(*) FILTER (WHERE action = 'guardrail.masked') AS "masked",
        count(*) FILTER (WHERE action = 'guardrail.flagged') AS "flagged",
        count(*) FILTER (WHERE after->>'blockedBy' = 'pii') AS "blockedByPii",
        count(*) FILTER (WHERE after->>'blockedBy' = 'prompt_injection') AS "blockedByInjection",
        count(*) FILTER (WHERE after->>'blockedBy' = 'content_filter') AS "blockedByContentFilter",
        count(*) FILTER (
          WHERE after->'injectionFlagged' = 'true'::jsonb
            AND after->>'blockedBy' IS DISTINCT FROM 'prompt_injection'
        ) AS "injectionFlagged",
        coalesce(sum(${numberOf('termHits')}), 0)::bigint AS "termHits",
        coalesce(sum(${numberOf('outputTermHits')}), 0)::bigint AS "outputTermHits"
      FROM audit_log
      WHERE ${inScope(scope)}`;
    return row as RangeCounts;
  }

  /** Requests per UTC day and action; days without entries are absent. */
  dailyActions(scope: ActivityScope): Promise<DayActionCount[]> {
    return this.prisma.$queryRaw<DayActionCount[]>`
      SELECT date_trunc('day', occurred_at, 'UTC') AS "day", action, count(*) AS "requests"
      FROM audit_log
      WHERE ${inScope(scope)}
      GROUP BY 1, 2`;
  }

  /** Values found and requests per kind of personal data, in prompts (`input`) and completions (`output`). */
  piiKinds(scope: ActivityScope): Promise<PiiKindSums[]> {
    return this.prisma.$queryRaw<PiiKindSums[]>`
      SELECT found.direction, found.kind, sum((found.count)::bigint)::bigint AS "found", count(*) AS "requests"
      FROM audit_log
      CROSS JOIN LATERAL (
        SELECT 'input' AS direction, key AS kind, value AS count FROM jsonb_each(${jsonOf('piiFound', 'object')})
        UNION ALL
        SELECT 'output', key, value FROM jsonb_each(${jsonOf('outputPiiFound', 'object')})
      ) AS found
      WHERE ${inScope(scope)} AND jsonb_typeof(found.count) = 'number'
      GROUP BY 1, 2`;
  }

  /** Requests per blocked content category the moderation model found, in the prompt or in the completion. */
  categories(scope: ActivityScope): Promise<CategoryCount[]> {
    return this.prisma.$queryRaw<CategoryCount[]>`
      SELECT flagged.category, count(*) AS "requests"
      FROM audit_log
      CROSS JOIN LATERAL (
        SELECT jsonb_array_elements_text(${jsonOf('categoriesFlagged', 'array')})
        UNION
        SELECT jsonb_array_elements_text(${jsonOf('outputCategoriesFlagged', 'array')})
      ) AS flagged(category)
      WHERE ${inScope(scope)}
      GROUP BY 1`;
  }

  /** The latest entries, newest first. */
  recent(scope: ActivityScope, limit: number): Promise<RecentEntryRow[]> {
    return this.prisma.auditLogEntry.findMany({
      where: {
        tenantId: scope.tenantId,
        action: { in: ACTIONS },
        occurredAt: { gte: scope.from, lt: scope.to },
      },
      orderBy: [{ occurredAt: 'desc' }, { sequence: 'desc' }],
      take: limit,
      select: { id: true, occurredAt: true, action: true, targetId: true, actorId: true, after: true },
    });
  }

  /** Names of the tenant's keys by id; ids of deleted keys are absent. */
  async keyNames(tenantId: string, keyIds: readonly string[]): Promise<Map<string, string>> {
    if (keyIds.length === 0) return new Map();
    const keys = await this.prisma.apiKey.findMany({
      where: { tenantId, id: { in: [...keyIds] } },
      select: { id: true, name: true },
    });
    return new Map(keys.map((key) => [key.id, key.name]));
  }
}

/** The action of a stored entry, when it is one of the guardrail actions. */
export function activityActionOf(action: string): GuardrailActivityAction | undefined {
  const parsed = guardrailActivityActionSchema.safeParse(action.slice('guardrail.'.length));
  return action.startsWith('guardrail.') && parsed.success ? parsed.data : undefined;
}

function inScope(scope: ActivityScope): Prisma.Sql {
  return Prisma.sql`tenant_id = ${scope.tenantId}
    AND action = ANY(${ACTIONS}::text[])
    AND occurred_at >= ${scope.from} AND occurred_at < ${scope.to}`;
}

/** A counter of `after`, 0 when absent or not a number. */
function numberOf(field: string): Prisma.Sql {
  return Prisma.raw(
    `CASE WHEN jsonb_typeof(after->'${field}') = 'number' THEN (after->>'${field}')::bigint ELSE 0 END`,
  );
}
