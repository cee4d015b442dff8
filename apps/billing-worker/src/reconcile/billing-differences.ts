import { Prisma, type PrismaClient } from '@llmguard/db';
import { parseTierPrices, type BillingWorkerEnv } from '@llmguard/shared';
import type { ReconcileOptions } from './reconcile-options';

/** A tenant-hour whose value reported to Stripe (sent outbox rows) differs from its rollups. */
export type BillingDifference = {
  tenant_id: string;
  hour_start: Date;
  /** What the rollups say should have been reported (0 when nothing should have been). */
  expected: string;
  /** Sum of the `sent` rows of the meter for that hour. */
  sent: string;
  /** Statuses of the hour's outbox rows, e.g. `pending`, or null when there is none. */
  statuses: string | null;
};

/**
 * For the meter the worker reports to (STRIPE_METER_EVENT_NAME, valued as STRIPE_METER_VALUE):
 * the hours the closer already closed (before the meter's watermark), per tenant on a paying tier
 * (STRIPE_TIER_PRICES), summed from usage_rollups_hourly, against the sent billing_outbox rows.
 * Usage stored after its hour closed shows up here as unreported, as it was never billed.
 */
export function findBillingDifferences(
  prisma: PrismaClient,
  env: BillingWorkerEnv,
  options: ReconcileOptions,
): Promise<BillingDifference[]> {
  const { from, to, tenantId } = options;
  const eventName = env.STRIPE_METER_EVENT_NAME;
  const payingTiers = Object.keys(parseTierPrices(env.STRIPE_TIER_PRICES));
  const value =
    env.STRIPE_METER_VALUE === 'tokens'
      ? Prisma.sql`sum(r.input_tokens + r.output_tokens)`
      : Prisma.sql`sum(r.cost_micros)`;
  return prisma.$queryRaw<BillingDifference[]>`
    WITH closed AS (
      SELECT coalesce((SELECT closed_through FROM billing_report_watermarks WHERE event_name = ${eventName}),
        '-infinity'::timestamptz) AS through
    ), expected AS (
      SELECT r.tenant_id, r.hour_start, ${value}::bigint AS value
      FROM usage_rollups_hourly r JOIN tenants t ON t.id = r.tenant_id, closed
      WHERE r.hour_start >= ${from} AND r.hour_start < ${to} AND r.hour_start < closed.through
        AND t.tier_id = ANY(${payingTiers}::text[]) AND (${tenantId}::text IS NULL OR r.tenant_id = ${tenantId})
      GROUP BY 1, 2
      HAVING ${value} > 0
    ), outbox AS (
      SELECT tenant_id, window_start AS hour_start,
        coalesce(sum(value) FILTER (WHERE status = 'sent'), 0)::bigint AS sent,
        string_agg(DISTINCT status::text, ',') AS statuses
      FROM billing_outbox
      WHERE event_name = ${eventName} AND window_start >= ${from} AND window_start < ${to}
        AND (${tenantId}::text IS NULL OR tenant_id = ${tenantId})
      GROUP BY 1, 2
    )
    SELECT coalesce(e.tenant_id, o.tenant_id) AS tenant_id, coalesce(e.hour_start, o.hour_start) AS hour_start,
      coalesce(e.value, 0)::text AS expected, coalesce(o.sent, 0)::text AS sent, o.statuses
    FROM expected e FULL JOIN outbox o ON (e.tenant_id, e.hour_start) = (o.tenant_id, o.hour_start)
    WHERE coalesce(e.value, 0) <> coalesce(o.sent, 0)
    ORDER BY 2, 1`;
}
