import type { PrismaClient } from '@llmguard/db';
import type { ReconcileOptions } from './reconcile-options';

/** A rollup column whose stored value differs from the sum recomputed from usage_events. */
export type RollupDifference = {
  tenant_id: string;
  api_key_id: string;
  model: string;
  hour_start: Date;
  field: string;
  /** Text, as the sums are bigints; null when the row is missing on that side. */
  stored: string | null;
  recomputed: string | null;
};

/**
 * Recomputes usage_rollups_hourly for the period from usage_events (same grouping and sums as the
 * consumer's statement) and returns every column that differs, including rows missing on either
 * side. Hours older than USAGE_RETENTION_DAYS lost their raw events, so only recent periods compare.
 */
export function findRollupDifferences(
  prisma: PrismaClient,
  options: ReconcileOptions,
): Promise<RollupDifference[]> {
  const { from, to, tenantId } = options;
  return prisma.$queryRaw<RollupDifference[]>`
    WITH recomputed AS (
      SELECT tenant_id, api_key_id, model, date_trunc('hour', occurred_at, 'UTC') AS hour_start,
        count(*)::bigint AS requests, count(*) FILTER (WHERE outcome <> 'success')::bigint AS errors,
        count(*) FILTER (WHERE cache_hit <> 'none')::bigint AS cache_hits,
        sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
        sum(cached_input_tokens)::bigint AS cached_input_tokens, sum(cost_micros)::bigint AS cost_micros,
        sum(latency_ms)::bigint AS latency_ms_sum, sum(cache_hit_input_tokens)::bigint AS cache_hit_input_tokens,
        sum(cache_hit_output_tokens)::bigint AS cache_hit_output_tokens,
        sum(cache_saved_cost_micros)::bigint AS cache_saved_cost_micros
      FROM usage_events
      WHERE occurred_at >= ${from} AND occurred_at < ${to} AND (${tenantId}::text IS NULL OR tenant_id = ${tenantId})
      GROUP BY 1, 2, 3, 4
    ), stored AS (
      SELECT tenant_id, api_key_id, model, hour_start, requests::bigint AS requests, errors::bigint AS errors,
        cache_hits::bigint AS cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_micros, latency_ms_sum,
        cache_hit_input_tokens, cache_hit_output_tokens, cache_saved_cost_micros
      FROM usage_rollups_hourly
      WHERE hour_start >= ${from} AND hour_start < ${to} AND (${tenantId}::text IS NULL OR tenant_id = ${tenantId})
    )
    SELECT coalesce(s.tenant_id, c.tenant_id) AS tenant_id, coalesce(s.api_key_id, c.api_key_id) AS api_key_id,
      coalesce(s.model, c.model) AS model, coalesce(s.hour_start, c.hour_start) AS hour_start,
      v.field, v.stored::text AS stored, v.recomputed::text AS recomputed
    FROM stored s
    FULL JOIN recomputed c
      ON (s.tenant_id, s.api_key_id, s.model, s.hour_start) = (c.tenant_id, c.api_key_id, c.model, c.hour_start)
    CROSS JOIN LATERAL (VALUES
      ('requests', s.requests, c.requests), ('errors', s.errors, c.errors), ('cache_hits', s.cache_hits, c.cache_hits),
      ('input_tokens', s.input_tokens, c.input_tokens), ('output_tokens', s.output_tokens, c.output_tokens),
      ('cached_input_tokens', s.cached_input_tokens, c.cached_input_tokens),
      ('cost_micros', s.cost_micros, c.cost_micros), ('latency_ms_sum', s.latency_ms_sum, c.latency_ms_sum),
      ('cache_hit_input_tokens', s.cache_hit_input_tokens, c.cache_hit_input_tokens),
      ('cache_hit_output_tokens', s.cache_hit_output_tokens, c.cache_hit_output_tokens),
      ('cache_saved_cost_micros', s.cache_saved_cost_micros, c.cache_saved_cost_micros)
    ) AS v(field, stored, recomputed)
    -- A row missing on one side is reported once (by its request count), not once per column.
    WHERE v.stored IS DISTINCT FROM v.recomputed
      AND ((s.tenant_id IS NOT NULL AND c.tenant_id IS NOT NULL) OR v.field = 'requests')
    ORDER BY 4, 1, 2, 3, 5`;
}
