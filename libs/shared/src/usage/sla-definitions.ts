/**
 * The measured-SLA definitions, shared by the control plane's SLA read model and the billing worker's daily
 * report, so both count the same thing. SQL fragments over `usage_events` columns (no user input).
 *
 * - A server-side error is outcome `upstream_error`, or status >= 500 unless the client had already gone; client
 *   errors (4xx, rejections) and client disconnects are requests but never errors.
 * - Latency p50 and p95 (percentile_cont) are over requests not streamed (stream false, or unknown on old rows); TTFT
 *   p95 over streamed requests. The p50 is shown beside the p95; no tier sets a target on it.
 */
export const SLA_SERVER_ERROR_SQL = `outcome = 'upstream_error' OR (status >= 500 AND outcome <> 'client_disconnected')`;

/**
 * SELECT list yielding `requests`, `serverErrors`, `latencyP50Ms`, `latencyP95Ms`, `ttftP95Ms` over a set of
 * usage_events rows.
 */
export const SLA_MEASURES_SQL = `
  COUNT(*) AS requests,
  COUNT(*) FILTER (WHERE ${SLA_SERVER_ERROR_SQL}) AS "serverErrors",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE stream IS NOT TRUE) AS "latencyP50Ms",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE stream IS NOT TRUE) AS "latencyP95Ms",
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft_ms) FILTER (WHERE stream IS TRUE) AS "ttftP95Ms"`;

/**
 * Availability in basis points, rounded down so 99.899% never shows as a met 99.90% target; a period without
 * requests was fully available.
 */
export function slaAvailabilityBasisPoints(requests: number, serverErrors: number): number {
  if (requests === 0) return 10_000;
  return Math.floor(((requests - serverErrors) * 10_000) / requests);
}

/**
 * The service credit of one day, in USD micros: `creditPercent` of the day's share of the period fee when any target
 * was missed that day. Plans are metered, so the day's share of the fee is what the tenant was billed for that day
 * (its usage cost); the credit is rounded down to a whole micro.
 */
export function slaDailyCreditMicros(
  breached: boolean,
  dayCostMicros: bigint,
  creditPercent: number,
): bigint {
  if (!breached || creditPercent <= 0) return 0n;
  return (dayCostMicros * BigInt(creditPercent)) / 100n;
}
