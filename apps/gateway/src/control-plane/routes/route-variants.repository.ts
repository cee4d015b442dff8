import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { SLA_SERVER_ERROR_SQL } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import type { RouteScope } from './route-scope';

/** Which usage events to read: one route's, in a half-open range; a tenant's route only with that tenant's rows. */
export type VariantUsageScope = { scope: RouteScope; routeId: string; from: Date; to: Date };

/** Median and 95th percentile, in (fractional) milliseconds. */
export type Percentiles = { p50: number; p95: number };

/** What one deployment of the route answered in the range. */
export type VariantUsage = {
  deploymentId: string;
  recordedNames: string[];
  requests: number;
  errors: number;
  latencyMs: Percentiles | null;
  ttftMs: Percentiles | null;
  inputTokens: string;
  outputTokens: string;
  costMicros: string;
};

type VariantUsageRow = Omit<VariantUsage, 'requests' | 'errors' | 'latencyMs' | 'ttftMs'> & {
  requests: bigint;
  errors: bigint;
  latencyMs: number[] | null;
  ttftMs: number[] | null;
};

// The SLA's server-side errors, so the variants report and the SLA page count the same failures.
const SERVER_ERROR = Prisma.raw(SLA_SERVER_ERROR_SQL);

/**
 * Reads of usage_events for a route's variants report, through the (route_id, occurred_at) index. Latency and TTFT
 * percentiles are over successful requests only: a failure's speed says nothing about a variant's answers, and the
 * error rate reports failures apart.
 */
@Injectable()
export class RouteVariantsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** One row per deployment that answered at least one of the route's requests in the range (unordered). */
  async usageByDeployment(range: VariantUsageScope): Promise<VariantUsage[]> {
    const rows = await this.prisma.$queryRaw<VariantUsageRow[]>`
      SELECT deployment_id AS "deploymentId",
        COALESCE(array_agg(DISTINCT route_variant) FILTER (WHERE route_variant IS NOT NULL), '{}') AS "recordedNames",
        COUNT(*) AS requests,
        COUNT(*) FILTER (WHERE ${SERVER_ERROR}) AS errors,
        percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY latency_ms)
          FILTER (WHERE outcome = 'success' AND stream IS NOT TRUE) AS "latencyMs",
        percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY ttft_ms)
          FILTER (WHERE outcome = 'success' AND stream IS TRUE) AS "ttftMs",
        SUM(input_tokens)::text AS "inputTokens",
        SUM(output_tokens)::text AS "outputTokens",
        SUM(cost_micros)::text AS "costMicros"
      FROM usage_events
      WHERE ${whereOf(range)} AND deployment_id IS NOT NULL
      GROUP BY deployment_id`;
    return rows.map((row) => ({
      ...row,
      requests: Number(row.requests),
      errors: Number(row.errors),
      latencyMs: percentilesOf(row.latencyMs),
      ttftMs: percentilesOf(row.ttftMs),
    }));
  }

  /** The name a deployment's latest request in the range recorded (walks the index backwards; stops at the first). */
  async latestRecordedName(range: VariantUsageScope, deploymentId: string): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<{ name: string | null }[]>`
      SELECT route_variant AS name FROM usage_events
      WHERE ${whereOf(range)} AND deployment_id = ${deploymentId} AND route_variant IS NOT NULL
      ORDER BY occurred_at DESC
      LIMIT 1`;
    return row?.name ?? null;
  }
}

function whereOf({ scope, routeId, from, to }: VariantUsageScope): Prisma.Sql {
  // Row-level security already limits a tenant scope to its rows; the filter says so in the query too.
  const tenant = scope.tenantId === null ? Prisma.empty : Prisma.sql`AND tenant_id = ${scope.tenantId}`;
  return Prisma.sql`route_id = ${routeId} AND occurred_at >= ${from} AND occurred_at < ${to} ${tenant}`;
}

function percentilesOf(values: number[] | null): Percentiles | null {
  const [p50, p95] = values ?? [];
  return p50 == null || p95 == null ? null : { p50, p95 };
}
