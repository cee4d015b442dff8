import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import {
  spendCounterExpiresAt,
  spendCounterKey,
  spendDayOf,
  spendMonthOf,
  type BillingWorkerEnv,
} from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { PRISMA } from '../clients/worker-clients';

/** An API key's spend in the current UTC month and day, in USD micros. */
export type KeySpend = { apiKeyId: string; monthMicros: bigint; dayMicros: bigint };

/** A tenant's spend in the current UTC month and day, in USD micros, in total and per API key. */
export type TenantSpend = { tenantId: string; monthMicros: bigint; dayMicros: bigint; keys: KeySpend[] };

type SpendRow = { tenantId: string; apiKeyId: string; monthMicros: bigint; dayMicros: bigint };

/** Rollups touched this long ago are still looked at (covers transactions that committed late, and a missed run). */
const LOOKBACK_MS_MIN = 60_000;

/**
 * Keeps the Redis spend counters (key format in libs/shared `spendCounterKey`) equal to the sums of
 * usage_rollups_hourly. The rollups already hold every stored event exactly once, so SETting the sum (rather than
 * adding each batch's cost) is exact by construction: a replayed batch, a crash after the commit or a lost Redis
 * write cannot count an event twice or lose it; the next run writes the right value again.
 */
@Injectable()
export class SpendCounterSync {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly redis: Redis,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {}

  /** Recomputes the counters of tenants whose current-month rollups changed recently; returns their totals. */
  async sync(now = new Date(), extraTenantIds: string[] = []): Promise<TenantSpend[]> {
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const since = new Date(now.getTime() - Math.max(LOOKBACK_MS_MIN, 3 * this.env.SPEND_SYNC_INTERVAL_MS));
    const rows = await this.prisma.$queryRaw<SpendRow[]>`
      WITH changed AS (
        SELECT DISTINCT tenant_id FROM usage_rollups_hourly
        WHERE hour_start >= ${monthStart} AND updated_at >= ${since}
        UNION SELECT unnest(${extraTenantIds}::text[])
      )
      SELECT r.tenant_id AS "tenantId", r.api_key_id AS "apiKeyId",
        SUM(r.cost_micros)::bigint AS "monthMicros",
        COALESCE(SUM(r.cost_micros) FILTER (WHERE r.hour_start >= ${dayStart}), 0)::bigint AS "dayMicros"
      FROM usage_rollups_hourly r JOIN changed USING (tenant_id)
      WHERE r.hour_start >= ${monthStart} AND r.hour_start < ${new Date(monthStart.getTime() + 32 * 86_400_000)}
      GROUP BY 1, 2`;
    const totals = sumPerTenant(rows, extraTenantIds);
    await this.write(rows, totals, monthStart, dayStart);
    return totals;
  }

  private async write(rows: SpendRow[], totals: TenantSpend[], monthStart: Date, dayStart: Date) {
    if (totals.length === 0) return;
    const month = spendMonthOf(monthStart);
    const day = spendDayOf(dayStart);
    const monthExpiry = spendCounterExpiresAt('m', monthStart);
    const dayExpiry = spendCounterExpiresAt('d', dayStart);
    const prefix = this.env.REDIS_KEY_PREFIX;
    const pipeline = this.redis.pipeline();
    const set = (key: string, micros: bigint, expiresAt: number) =>
      pipeline.set(`${prefix}${key}`, micros.toString(), 'EXAT', expiresAt);
    for (const total of totals) {
      set(spendCounterKey(total.tenantId, 'm', month), total.monthMicros, monthExpiry);
      set(spendCounterKey(total.tenantId, 'd', day), total.dayMicros, dayExpiry);
    }
    for (const row of rows) {
      set(spendCounterKey(row.tenantId, 'm', month, row.apiKeyId), row.monthMicros, monthExpiry);
      set(spendCounterKey(row.tenantId, 'd', day, row.apiKeyId), row.dayMicros, dayExpiry);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }
}

function sumPerTenant(rows: SpendRow[], extraTenantIds: string[]): TenantSpend[] {
  const totals = new Map<string, TenantSpend>();
  const empty = (tenantId: string): TenantSpend => ({ tenantId, monthMicros: 0n, dayMicros: 0n, keys: [] });
  for (const tenantId of extraTenantIds) totals.set(tenantId, empty(tenantId));
  for (const row of rows) {
    const total = totals.get(row.tenantId) ?? empty(row.tenantId);
    const monthMicros = BigInt(row.monthMicros);
    const dayMicros = BigInt(row.dayMicros);
    total.monthMicros += monthMicros;
    total.dayMicros += dayMicros;
    total.keys.push({ apiKeyId: row.apiKeyId, monthMicros, dayMicros });
    totals.set(row.tenantId, total);
  }
  return [...totals.values()];
}
