import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { ResolvedUsageCost, UsageEvent } from '@llmguard/shared';
import { USAGE_WRITER_POOL } from '../clients/worker-clients';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { appendGuardrailAudit, countGuardrailMetrics, guardrailAuditAction } from './guardrail-audit';

/** A usage event with the cost the worker decided to bill (see UsagePricer). */
export type PricedUsageEvent = UsageEvent & ResolvedUsageCost;

/**
 * Stores a batch of usage events and adds them to the hourly rollups, exactly once per request id.
 *
 * One statement, so one transaction: the raw rows are inserted with ON CONFLICT (request_id) DO
 * NOTHING, and only the rows that INSERT … RETURNING reports as new are summed into
 * usage_rollups_hourly. A replayed entry, a crash between commit and XACK, or two replicas storing
 * the same claimed entries at once (the second waits on the first's row, then skips it) add nothing.
 * Rows are written in key order so concurrent batches lock in the same order and do not deadlock.
 *
 * It runs on a plain node-postgres pool rather than Prisma: the statement is the worker's hot path
 * and Prisma's raw-query handling of the batch's JSON parameter doubled its time (bench/README.md,
 * "Usage aggregation").
 */
@Injectable()
export class UsageEventsRepository {
  constructor(
    @Inject(USAGE_WRITER_POOL) private readonly pool: pg.Pool,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Returns how many events were new (the rest were already stored). */
  async storeBatch(events: PricedUsageEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    const rows = JSON.stringify(events.map(toRow));
    if (!events.some((event) => guardrailAuditAction(event.guardrails))) {
      const { rows: result } = await this.pool.query<StoreResult>(STORE_BATCH_SQL, [rows]);
      return result[0]?.inserted ?? 0;
    }
    return this.storeWithAudit(events, rows);
  }

  /**
   * A batch with guardrail actions: the events and the audit entries of the new ones commit together, so the
   * audit trail has each action exactly once, and the request path never waited on the chain's lock.
   */
  private async storeWithAudit(events: PricedUsageEvent[], rows: string): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: result } = await client.query<StoreResult>(STORE_BATCH_SQL, [rows]);
      const fresh = new Set(result[0]?.request_ids ?? []);
      const stored = events.filter((event) => fresh.has(event.requestId));
      await appendGuardrailAudit(client, stored);
      await client.query('COMMIT');
      countGuardrailMetrics(this.metrics, stored);
      return result[0]?.inserted ?? 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

type StoreResult = { inserted: number; request_ids: string[] };

const STORE_BATCH_SQL = `
      WITH incoming AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(
          request_id text, tenant_id text, api_key_id text, end_user text, model text, degraded_from text,
          deployment_id text, route_id text, route_variant text, provider text, input_tokens integer,
          output_tokens integer, cached_input_tokens integer,
          token_source text, cost_micros bigint, price_source text, model_price_id text, latency_ms integer,
          ttft_ms integer, status integer, outcome text, cache_hit text, cache_hit_input_tokens integer,
          cache_hit_output_tokens integer, cache_saved_cost_micros bigint, stream boolean, occurred_at timestamptz)
      ), inserted AS (
        INSERT INTO usage_events (request_id, tenant_id, api_key_id, end_user, model, degraded_from, deployment_id,
          route_id, route_variant, provider, input_tokens, output_tokens, cached_input_tokens, token_source,
          cost_micros, price_source, model_price_id, latency_ms, ttft_ms, status, outcome, cache_hit,
          cache_hit_input_tokens, cache_hit_output_tokens, cache_saved_cost_micros, stream, occurred_at)
        SELECT request_id, tenant_id, api_key_id, end_user, model, degraded_from, deployment_id, route_id,
          route_variant, provider, input_tokens, output_tokens, cached_input_tokens, token_source, cost_micros,
          price_source, model_price_id, latency_ms, ttft_ms, status, outcome, cache_hit::cache_hit,
          cache_hit_input_tokens, cache_hit_output_tokens, cache_saved_cost_micros, stream, occurred_at
        FROM incoming ORDER BY request_id
        ON CONFLICT (request_id) DO NOTHING
        RETURNING request_id, tenant_id, api_key_id, model, occurred_at, outcome, cache_hit, input_tokens, output_tokens,
          cached_input_tokens, cost_micros, latency_ms, cache_hit_input_tokens, cache_hit_output_tokens,
          cache_saved_cost_micros
      ), rolled_up AS (
        INSERT INTO usage_rollups_hourly AS r (tenant_id, api_key_id, model, hour_start, requests, errors,
          cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_micros, latency_ms_sum,
          cache_hit_input_tokens, cache_hit_output_tokens, cache_saved_cost_micros, updated_at)
        SELECT tenant_id, api_key_id, model, date_trunc('hour', occurred_at, 'UTC'), count(*),
          count(*) FILTER (WHERE outcome <> 'success'), count(*) FILTER (WHERE cache_hit <> 'none'),
          sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(cost_micros), sum(latency_ms),
          sum(cache_hit_input_tokens), sum(cache_hit_output_tokens), sum(cache_saved_cost_micros), now()
        FROM inserted
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, api_key_id, model, hour_start) DO UPDATE SET
          requests = r.requests + EXCLUDED.requests,
          errors = r.errors + EXCLUDED.errors,
          cache_hits = r.cache_hits + EXCLUDED.cache_hits,
          input_tokens = r.input_tokens + EXCLUDED.input_tokens,
          output_tokens = r.output_tokens + EXCLUDED.output_tokens,
          cached_input_tokens = r.cached_input_tokens + EXCLUDED.cached_input_tokens,
          cost_micros = r.cost_micros + EXCLUDED.cost_micros,
          latency_ms_sum = r.latency_ms_sum + EXCLUDED.latency_ms_sum,
          cache_hit_input_tokens = r.cache_hit_input_tokens + EXCLUDED.cache_hit_input_tokens,
          cache_hit_output_tokens = r.cache_hit_output_tokens + EXCLUDED.cache_hit_output_tokens,
          cache_saved_cost_micros = r.cache_saved_cost_micros + EXCLUDED.cache_saved_cost_micros,
          updated_at = now()
      )
      -- Postgres runs every data-modifying CTE (rolled_up too) whether or not the final SELECT reads it.
      SELECT (SELECT count(*) FROM inserted)::integer AS inserted,
        (SELECT coalesce(array_agg(request_id), '{}') FROM inserted) AS request_ids`;

function toRow(event: PricedUsageEvent) {
  return {
    request_id: event.requestId,
    tenant_id: event.tenantId,
    api_key_id: event.apiKeyId,
    end_user: event.endUser,
    model: event.model,
    degraded_from: event.degradedFrom ?? null,
    deployment_id: event.deploymentId,
    route_id: event.routeId,
    route_variant: event.variant,
    provider: event.provider,
    input_tokens: event.inputTokens,
    output_tokens: event.outputTokens,
    cached_input_tokens: event.cachedInputTokens,
    token_source: event.tokenSource,
    cost_micros: event.costMicros,
    price_source: event.priceSource,
    model_price_id: event.modelPriceId,
    latency_ms: event.latencyMs,
    ttft_ms: event.ttftMs,
    status: event.status,
    outcome: event.outcome,
    cache_hit: event.cacheHit,
    cache_hit_input_tokens: event.cacheHitInputTokens ?? 0,
    cache_hit_output_tokens: event.cacheHitOutputTokens ?? 0,
    cache_saved_cost_micros: event.cacheSavedCostMicros,
    stream: event.stream,
    occurred_at: event.occurredAt,
  };
}
