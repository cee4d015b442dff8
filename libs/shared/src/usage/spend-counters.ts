/**
 * Spend counters in Redis, kept by the billing worker and read by the gateway to enforce budgets.
 *
 * Keys (after REDIS_KEY_PREFIX):
 * - `spend:{<tenantId>}:m:<YYYY-MM>`            the tenant's spend in the UTC calendar month
 * - `spend:{<tenantId>}:d:<YYYY-MM-DD>`         the tenant's spend on the UTC day
 * - `spend:{<tenantId>}:k:<apiKeyId>:m:<YYYY-MM>` and `…:k:<apiKeyId>:d:<YYYY-MM-DD>` the same per API key
 *
 * The braces are a Redis Cluster hash tag: a tenant's counters share the slot of its rate-limit keys, so the
 * gateway's admission script reads them in the same call.
 *
 * Each value is a decimal string of integer USD micros (GET it, parse with BigInt); a missing key means 0. The worker
 * SETs each value to the sum of `usage_rollups_hourly` for the period, so a counter is exact (every stored event once)
 * and a lost write is repaired by the next sync. Keys expire SPEND_COUNTER_GRACE_SECONDS after their period ends.
 */
export type SpendPeriodKind = 'm' | 'd';

/** How long a counter outlives its period (late reads, the portal's "last month"). */
export const SPEND_COUNTER_GRACE_SECONDS = 7 * 86_400;

/** `YYYY-MM` of an instant, UTC. */
export function spendMonthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** `YYYY-MM-DD` of an instant, UTC. */
export function spendDayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The counter key (without REDIS_KEY_PREFIX) of a tenant, or of one of its API keys, for a month or a day. */
export function spendCounterKey(
  tenantId: string,
  kind: SpendPeriodKind,
  period: string,
  apiKeyId?: string,
): string {
  const owner = apiKeyId === undefined ? `{${tenantId}}` : `{${tenantId}}:k:${apiKeyId}`;
  return `spend:${owner}:${kind}:${period}`;
}

/** Unix seconds at which a counter of the period starting at `periodStart` may expire. */
export function spendCounterExpiresAt(kind: SpendPeriodKind, periodStart: Date): number {
  const end =
    kind === 'm'
      ? Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1)
      : periodStart.getTime() + 86_400_000;
  return Math.floor(end / 1000) + SPEND_COUNTER_GRACE_SECONDS;
}
