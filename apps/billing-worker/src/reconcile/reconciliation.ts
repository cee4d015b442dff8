import type { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import { USAGE_STREAM_KEY, type BillingWorkerEnv } from '@llmguard/shared';
import { findBillingDifferences } from './billing-differences';
import type { ReconcileOptions } from './reconcile-options';
import { findRollupDifferences } from './rollup-differences';
import { findUnstoredEvents } from './unstored-events';

/** One check's findings, already worded for a person. */
export type ReconcileSection = { title: string; differences: string[] };

const hour = (instant: Date) => instant.toISOString().replace(':00:00.000Z', ':00Z');

/** Runs the three checks for the period: stream/spool vs usage_events, rollups, Stripe reports. */
export async function reconcile(
  prisma: PrismaClient,
  redis: Redis,
  env: BillingWorkerEnv,
  options: ReconcileOptions,
): Promise<ReconcileSection[]> {
  const streamKey = `${env.REDIS_KEY_PREFIX}${USAGE_STREAM_KEY}`;
  const unstored = await findUnstoredEvents(prisma, redis, streamKey, options);
  const rollups = await findRollupDifferences(prisma, options);
  const billing = await findBillingDifferences(prisma, env, options);
  return [
    {
      title: `usage events in ${streamKey}${options.spoolDirectory ? ` or ${options.spoolDirectory}` : ''} not in usage_events`,
      differences: unstored.map(
        (e) => `${e.requestId} tenant=${e.tenantId} occurred_at=${e.occurredAt} (${e.where})`,
      ),
    },
    {
      title: 'usage_rollups_hourly vs sums recomputed from usage_events',
      differences: rollups.map(
        (d) =>
          `tenant=${d.tenant_id} key=${d.api_key_id} model=${d.model} hour=${hour(d.hour_start)} ` +
          `${d.field}: stored=${d.stored ?? 'missing'} recomputed=${d.recomputed ?? 'missing'}`,
      ),
    },
    {
      title: `closed hours of paying tenants vs billing_outbox rows sent to Stripe (${env.STRIPE_METER_EVENT_NAME}, ${env.STRIPE_METER_VALUE})`,
      differences: billing.map(
        (d) =>
          `tenant=${d.tenant_id} hour=${hour(d.hour_start)}: rollups=${d.expected} sent=${d.sent}` +
          ` outbox=${d.statuses ?? 'none'}`,
      ),
    },
  ];
}

/** The report as printed: each section with its differences (at most maxPrinted each) and a total. */
export function formatReport(sections: ReconcileSection[], options: ReconcileOptions): string {
  const lines = [
    `reconciling ${options.from.toISOString()} .. ${options.to.toISOString()}` +
      (options.tenantId ? ` tenant=${options.tenantId}` : ''),
  ];
  for (const { title, differences } of sections) {
    lines.push(`${differences.length === 0 ? 'ok  ' : 'DIFF'} ${title}: ${differences.length}`);
    for (const difference of differences.slice(0, options.maxPrinted)) lines.push(`  ${difference}`);
    if (differences.length > options.maxPrinted)
      lines.push(`  … ${differences.length - options.maxPrinted} more`);
  }
  const total = sections.reduce((sum, section) => sum + section.differences.length, 0);
  lines.push(total === 0 ? 'consistent' : `${total} differences`);
  return lines.join('\n');
}
