import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient, type TenantStatus } from '@llmguard/db';
import type { UsageGranularity } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { escapeLike } from '../common/escape-like';
import { ZERO_SUMS, type UsageSums } from '../usage/usage-buckets';

/**
 * A half-open range of UTC hours over every tenant, or over the tenants whose slug or name contains `tenantSearch`
 * (case-insensitive).
 */
export type PlatformRange = { from: Date; to: Date; tenantSearch?: string };

export type PlatformBucketSums = UsageSums & { bucket: Date };
export type TenantSums = UsageSums & {
  tenantId: string;
  slug: string;
  name: string;
  status: TenantStatus;
  tierId: string;
};

// Every sum as text: SUM(bigint) is numeric in Postgres, and text keeps it exact on the way to a decimal string.
// The same columns as the tenant usage repository, qualified with the rollup alias `r`.
const SUMS = Prisma.raw(`
  SUM(r.requests)::text AS requests,
  SUM(r.errors)::text AS errors,
  SUM(r.cache_hits)::text AS "cacheHits",
  SUM(r.input_tokens)::text AS "inputTokens",
  SUM(r.output_tokens)::text AS "outputTokens",
  SUM(r.cached_input_tokens)::text AS "cachedInputTokens",
  SUM(r.cost_micros)::text AS "costMicros",
  SUM(r.cache_hit_input_tokens + r.cache_hit_output_tokens)::text AS "cacheSavedTokens",
  SUM(r.cache_saved_cost_micros)::text AS "cacheSavedCostMicros",
  SUM(r.latency_ms_sum)::text AS "latencyMsSum"`);

/**
 * Reads of usage_rollups_hourly across every tenant, for platform admins. These run outside any tenant scope (the
 * admin routes are platform work), so row-level security lets them see every tenant's rows.
 */
@Injectable()
export class AdminUsageRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Platform-wide sums per UTC hour or day; buckets without usage are absent. */
  bucketSums(range: PlatformRange, granularity: UsageGranularity): Promise<PlatformBucketSums[]> {
    return this.prisma.$queryRaw<PlatformBucketSums[]>`
      SELECT date_trunc(${granularity}, r.hour_start, 'UTC') AS bucket, ${SUMS}
      FROM usage_rollups_hourly r
      WHERE ${whereOf(range)}
      GROUP BY 1
      ORDER BY 1`;
  }

  /** Sums over the whole range and the number of tenants that had any usage in it. */
  async totals(range: PlatformRange): Promise<{ sums: UsageSums; activeTenants: number }> {
    const [row] = await this.prisma.$queryRaw<
      ({ [Field in keyof UsageSums]: string | null } & { activeTenants: number })[]
    >`
      SELECT ${SUMS}, COUNT(DISTINCT r.tenant_id)::int AS "activeTenants"
      FROM usage_rollups_hourly r
      WHERE ${whereOf(range)}`;
    if (!row || row.requests == null) return { sums: ZERO_SUMS, activeTenants: 0 };
    const { activeTenants, ...sums } = row;
    return { sums: sums as UsageSums, activeTenants };
  }

  /** The costliest tenants of the range (then most requests, then id), with their names, at most `limit`. */
  topTenants(range: PlatformRange, limit: number): Promise<TenantSums[]> {
    return this.prisma.$queryRaw<TenantSums[]>`
      SELECT t.id AS "tenantId", t.slug, t.name, t.status::text AS status, t.tier_id AS "tierId", ${SUMS}
      FROM usage_rollups_hourly r
      JOIN tenants t ON t.id = r.tenant_id
      WHERE ${whereOf(range)}
      GROUP BY t.id
      ORDER BY SUM(r.cost_micros) DESC, SUM(r.requests) DESC, t.id ASC
      LIMIT ${limit}`;
  }
}

function whereOf(range: PlatformRange): Prisma.Sql {
  const hours = Prisma.sql`r.hour_start >= ${range.from} AND r.hour_start < ${range.to}`;
  if (range.tenantSearch === undefined) return hours;
  const pattern = `%${escapeLike(range.tenantSearch)}%`;
  return Prisma.sql`${hours} AND r.tenant_id IN (
    SELECT id FROM tenants WHERE slug ILIKE ${pattern} OR name ILIKE ${pattern})`;
}
