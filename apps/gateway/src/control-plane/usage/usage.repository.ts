import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { SLA_MEASURES_SQL, type UsageGranularity, type UsageGroupBy } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { ZERO_SUMS, type UsageSums } from './usage-buckets';

/** Which rollup rows to read: one tenant, a half-open hour range, optional model / key filters. */
export type RollupScope = {
  tenantId: string;
  from: Date;
  to: Date;
  model?: string;
  apiKeyId?: string;
};

export type BucketSums = UsageSums & { bucket: Date; key: string | null };
export type GroupSums = UsageSums & { key: string };

// Columns are chosen from this fixed map, never from request text.
const GROUP_COLUMN: Readonly<Record<UsageGroupBy, Prisma.Sql>> = {
  model: Prisma.raw('model'),
  apiKey: Prisma.raw('api_key_id'),
};

// Every sum as text: SUM(bigint) is numeric in Postgres, and text keeps it exact on the way to a decimal string.
const SUMS = Prisma.raw(`
  SUM(requests)::text AS requests,
  SUM(errors)::text AS errors,
  SUM(cache_hits)::text AS "cacheHits",
  SUM(input_tokens)::text AS "inputTokens",
  SUM(output_tokens)::text AS "outputTokens",
  SUM(cached_input_tokens)::text AS "cachedInputTokens",
  SUM(cost_micros)::text AS "costMicros",
  SUM(cache_hit_input_tokens + cache_hit_output_tokens)::text AS "cacheSavedTokens",
  SUM(cache_saved_cost_micros)::text AS "cacheSavedCostMicros",
  SUM(latency_ms_sum)::text AS "latencyMsSum"`);

/** 95th percentiles of a scope, in whole ms; null where no request of the kind ran (or its events are gone). */
export type LatencyPercentiles = { latencyMsP95: number | null; ttftMsP95: number | null };

// The SLA's definitions (libs/shared sla-definitions.ts), so the usage page and the SLA page agree on "p95".
const MEASURES = Prisma.raw(SLA_MEASURES_SQL);

/**
 * Reads of usage_rollups_hourly, the billing worker's per tenant/key/model/hour sums. Every query is scoped to one
 * tenant and uses the (tenant_id, hour_start) index; buckets are cut in UTC.
 */
@Injectable()
export class UsageRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Sums per bucket, and per group when `groupBy` is set. Groups outside `keptGroups` are summed under key null
   * (the "rest"), so the result stays bounded however many models or keys a tenant has.
   */
  bucketSums(
    scope: RollupScope,
    granularity: UsageGranularity,
    grouping?: { groupBy: UsageGroupBy; keptGroups: string[] },
  ): Promise<BucketSums[]> {
    const key = grouping
      ? Prisma.sql`CASE WHEN ${GROUP_COLUMN[grouping.groupBy]} = ANY(${grouping.keptGroups}::text[])
                        THEN ${GROUP_COLUMN[grouping.groupBy]} END`
      : Prisma.sql`NULL::text`;
    return this.prisma.$queryRaw<BucketSums[]>`
      SELECT date_trunc(${granularity}, hour_start, 'UTC') AS bucket, ${key} AS key, ${SUMS}
      FROM usage_rollups_hourly
      WHERE ${whereOf(scope)}
      GROUP BY 1, 2
      ORDER BY 1`;
  }

  /** Sums per model or key, largest cost first (then requests, then name), at most `limit` groups. */
  topGroups(scope: RollupScope, groupBy: UsageGroupBy, limit: number): Promise<GroupSums[]> {
    const column = GROUP_COLUMN[groupBy];
    return this.prisma.$queryRaw<GroupSums[]>`
      SELECT ${column} AS key, ${SUMS}
      FROM usage_rollups_hourly
      WHERE ${whereOf(scope)}
      GROUP BY 1
      ORDER BY SUM(cost_micros) DESC, SUM(requests) DESC, 1 ASC
      LIMIT ${limit}`;
  }

  /** How many distinct models or keys had usage in the scope. */
  async groupCount(scope: RollupScope, groupBy: UsageGroupBy): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ groups: number }[]>`
      SELECT COUNT(DISTINCT ${GROUP_COLUMN[groupBy]})::int AS groups
      FROM usage_rollups_hourly
      WHERE ${whereOf(scope)}`;
    return row?.groups ?? 0;
  }

  /** Sums over the whole scope (zeros when nothing matched). */
  async totals(scope: RollupScope): Promise<UsageSums> {
    const [row] = await this.prisma.$queryRaw<{ [Field in keyof UsageSums]: string | null }[]>`
      SELECT ${SUMS} FROM usage_rollups_hourly WHERE ${whereOf(scope)}`;
    // SUM over no rows is NULL.
    return row?.requests == null ? ZERO_SUMS : (row as UsageSums);
  }

  /**
   * Latency percentiles over the raw usage_events of the scope (percentiles cannot be summed from rollups). Uses the
   * (tenant_id, occurred_at) index; events past USAGE_RETENTION_DAYS are gone, so old ranges answer null.
   */
  async latencyPercentiles(scope: RollupScope): Promise<LatencyPercentiles> {
    const [row] = await this.prisma.$queryRaw<{ latencyP95Ms: number | null; ttftP95Ms: number | null }[]>`
      SELECT "latencyP95Ms", "ttftP95Ms" FROM (
        SELECT ${MEASURES}
        FROM usage_events
        WHERE tenant_id = ${scope.tenantId}
          AND occurred_at >= ${scope.from} AND occurred_at < ${scope.to}
          ${scope.model === undefined ? Prisma.empty : Prisma.sql`AND model = ${scope.model}`}
          ${scope.apiKeyId === undefined ? Prisma.empty : Prisma.sql`AND api_key_id = ${scope.apiKeyId}`}
      ) measured`;
    return { latencyMsP95: wholeMs(row?.latencyP95Ms), ttftMsP95: wholeMs(row?.ttftP95Ms) };
  }

  /** Cost of the hours in [monthStart, monthEnd), and of those from `dayStart` on. */
  async spend(
    tenantId: string,
    period: { monthStart: Date; monthEnd: Date; dayStart: Date },
  ): Promise<{ month: bigint; today: bigint }> {
    const [row] = await this.prisma.$queryRaw<{ month: string; today: string }[]>`
      SELECT COALESCE(SUM(cost_micros), 0)::text AS month,
             COALESCE(SUM(cost_micros) FILTER (WHERE hour_start >= ${period.dayStart}), 0)::text AS today
      FROM usage_rollups_hourly
      WHERE tenant_id = ${tenantId} AND hour_start >= ${period.monthStart} AND hour_start < ${period.monthEnd}`;
    return { month: BigInt(row?.month ?? '0'), today: BigInt(row?.today ?? '0') };
  }

  /** Names of the tenant's keys among these ids (keys of other tenants are never named). */
  async keyNames(tenantId: string, keyIds: string[]): Promise<Map<string, string>> {
    if (keyIds.length === 0) return new Map();
    const keys = await this.prisma.apiKey.findMany({
      where: { tenantId, id: { in: keyIds } },
      select: { id: true, name: true },
    });
    return new Map(keys.map((key) => [key.id, key.name]));
  }
}

function whereOf(scope: RollupScope): Prisma.Sql {
  return Prisma.sql`tenant_id = ${scope.tenantId}
    AND hour_start >= ${scope.from} AND hour_start < ${scope.to}
    ${scope.model === undefined ? Prisma.empty : Prisma.sql`AND model = ${scope.model}`}
    ${scope.apiKeyId === undefined ? Prisma.empty : Prisma.sql`AND api_key_id = ${scope.apiKeyId}`}`;
}

function wholeMs(value: number | null | undefined): number | null {
  return value == null ? null : Math.round(value);
}
