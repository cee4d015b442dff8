import { Inject, Injectable, Logger } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { newId, parseTierPrices, type BillingWorkerEnv } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { WORKER_ENV } from '../config';

const HOUR_MS = 3_600_000;

/** How far back a meter's first run starts: Stripe accepts meter events up to 35 days old. */
const FIRST_RUN_LOOKBACK_MS = 7 * 24 * HOUR_MS;

export type CloseResult = { closedThrough: Date; written: number };

/**
 * Turns closed hours of usage into billing_outbox rows, one per tenant and hour. Hour H is final once H + 1 h +
 * STRIPE_REPORT_GRACE_MS has passed (usage events arriving later than that are not reported). One transaction locks
 * the meter's watermark, sums usage_rollups_hourly from the watermark up to the newest closed hour for tenants on a
 * paying tier (STRIPE_TIER_PRICES), inserts the rows and moves the watermark, so an hour is written exactly once
 * however many replicas run this. The row's identifier `<tenant>:<meter>:<hour start>` is stable: it is also the
 * meter event's identifier, which Stripe deduplicates on when a send is retried.
 */
@Injectable()
export class UsageHourCloser {
  private readonly logger = new Logger(UsageHourCloser.name);
  private readonly payingTiers: string[];

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {
    this.payingTiers = Object.keys(parseTierPrices(env.STRIPE_TIER_PRICES));
  }

  async closeDueHours(now = new Date()): Promise<CloseResult> {
    const eventName = this.env.STRIPE_METER_EVENT_NAME;
    const closedThrough = floorToHour(new Date(now.getTime() - this.env.STRIPE_REPORT_GRACE_MS));
    return this.prisma.$transaction(async (tx) => {
      const from = await this.lockWatermark(tx, eventName, closedThrough);
      if (from >= closedThrough) return { closedThrough: from, written: 0 };
      const hours = await this.sumHours(tx, from, closedThrough);
      const { count } = await tx.billingOutbox.createMany({
        data: hours.map((hour) => ({
          id: newId('obx'),
          tenantId: hour.tenant_id,
          identifier: meterEventIdentifier(hour.tenant_id, eventName, hour.hour_start),
          eventName,
          value: hour.value,
          windowStart: hour.hour_start,
          windowEnd: new Date(hour.hour_start.getTime() + HOUR_MS),
          // The customer is looked up when sending: it may not exist yet when the hour closes.
          payload: { value: hour.value.toString() },
          // Due from the closer's clock (not the database's), so sending and closing agree on what "now" is.
          nextAttemptAt: now,
          createdAt: now,
        })),
        skipDuplicates: true,
      });
      await tx.billingReportWatermark.update({ where: { eventName }, data: { closedThrough } });
      if (count > 0)
        this.logger.log(`usage closed through ${closedThrough.toISOString()}: ${count} meter events queued`);
      return { closedThrough, written: count };
    });
  }

  /** The meter's watermark, locked for this transaction (created on the meter's first run). */
  private async lockWatermark(tx: Prisma.TransactionClient, eventName: string, closedThrough: Date) {
    const firstFrom = new Date(closedThrough.getTime() - FIRST_RUN_LOOKBACK_MS);
    await tx.$executeRaw`
      INSERT INTO billing_report_watermarks (event_name, closed_through) VALUES (${eventName}, ${firstFrom})
      ON CONFLICT (event_name) DO NOTHING`;
    const [mark] = await tx.$queryRaw<{ closed_through: Date }[]>`
      SELECT closed_through FROM billing_report_watermarks WHERE event_name = ${eventName} FOR UPDATE`;
    return mark?.closed_through ?? firstFrom;
  }

  private sumHours(tx: Prisma.TransactionClient, from: Date, to: Date) {
    const value =
      this.env.STRIPE_METER_VALUE === 'tokens'
        ? Prisma.sql`sum(r.input_tokens + r.output_tokens)`
        : Prisma.sql`sum(r.cost_micros)`;
    return tx.$queryRaw<{ tenant_id: string; hour_start: Date; value: bigint }[]>`
      SELECT r.tenant_id, r.hour_start, ${value}::bigint AS value
      FROM usage_rollups_hourly r JOIN tenants t ON t.id = r.tenant_id
      WHERE r.hour_start >= ${from} AND r.hour_start < ${to} AND t.tier_id = ANY(${this.payingTiers}::text[])
      GROUP BY r.tenant_id, r.hour_start
      HAVING ${value} > 0
      ORDER BY r.hour_start, r.tenant_id`;
  }
}

/** `<tenant>:<meter>:<hour start>`, e.g. `tnt_…:llmguard_cost_micros:2026-11-25T13:00:00Z` (at most 100 characters). */
export function meterEventIdentifier(tenantId: string, eventName: string, hourStart: Date): string {
  return `${tenantId}:${eventName}:${hourStart.toISOString().replace('.000Z', 'Z')}`;
}

export function floorToHour(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / HOUR_MS) * HOUR_MS);
}
