import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { spendDayOf, spendMonthOf } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { BudgetAlertNotifier, type BudgetAlert } from './budget-alert.notifier';
import { EffectiveBudgetsRepository } from './effective-budgets.repository';
import type { TenantSpend } from './spend-counter.sync';

/** Thresholds used when the policy has caps but lists none: an alert when a cap is reached. */
const DEFAULT_THRESHOLDS_PERCENT = [100];

/** How long one delivery may hold its row lock (an SMTP or webhook call) before its transaction gives up. */
const DELIVERY_TIMEOUT_MS = 60_000;

type Channel = 'email' | 'webhook';
type AlertRow = {
  tenantId: string;
  period: string;
  thresholdPercent: number;
  spentMicros: bigint;
  capMicros: bigint;
};

/**
 * Sends each budget alert once per tenant, period and threshold. Crossing is recorded first (a budget_alerts_sent
 * row, unique per tenant, period and threshold); each channel is then delivered in a transaction that locks the row,
 * sends, and marks the channel done, so a failure is retried on the next run without repeating the channel that
 * worked, and a replica racing for the same row skips it. Crossing several thresholds at once alerts for the
 * highest only; the lower ones are recorded as done.
 */
@Injectable()
export class BudgetAlertsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly budgets: EffectiveBudgetsRepository,
    private readonly notifier: BudgetAlertNotifier,
  ) {}

  /** Records newly crossed thresholds and delivers every pending alert of the tenant; returns those delivered. */
  async evaluate(spend: TenantSpend, now = new Date()): Promise<BudgetAlert[]> {
    const tenant = await this.budgets.of(spend.tenantId);
    if (!tenant) return [];
    const thresholds = tenant.budgets.alertThresholdsPercent ?? DEFAULT_THRESHOLDS_PERCENT;
    const windows = [
      { period: spendMonthOf(now), cap: tenant.budgets.monthlyCapMicros, spent: spend.monthMicros },
      { period: spendDayOf(now), cap: tenant.budgets.dailyCapMicros, spent: spend.dayMicros },
    ];
    for (const { period, cap, spent } of windows) {
      if (cap === undefined || BigInt(cap) <= 0n) continue;
      const capMicros = BigInt(cap);
      const crossed = thresholds.filter((percent) => spent * 100n >= capMicros * BigInt(percent));
      if (crossed.length > 0) await this.record(tenant.tenantId, period, crossed, spent, capMicros);
    }
    return this.deliverPending(tenant.tenantId, tenant.tenantName);
  }

  private async record(tenantId: string, period: string, crossed: number[], spent: bigint, cap: bigint) {
    const highest = Math.max(...crossed);
    await this.prisma.$executeRaw`
      INSERT INTO budget_alerts_sent (tenant_id, period, threshold_percent, spent_micros, cap_micros,
        email_done_at, webhook_done_at)
      SELECT ${tenantId}, ${period}, threshold, ${spent}, ${cap},
        CASE WHEN threshold = ${highest} THEN NULL ELSE now() END,
        CASE WHEN threshold = ${highest} THEN NULL ELSE now() END
      FROM unnest(${crossed}::int[]) AS threshold
      ON CONFLICT DO NOTHING`;
  }

  private async deliverPending(tenantId: string, tenantName: string): Promise<BudgetAlert[]> {
    const pending = await this.prisma.budgetAlertSent.findMany({
      where: { tenantId, OR: [{ emailDoneAt: null }, { webhookDoneAt: null }] },
      orderBy: [{ period: 'asc' }, { thresholdPercent: 'asc' }],
    });
    const delivered: BudgetAlert[] = [];
    for (const row of pending) {
      const alert = toAlert(row, tenantName);
      const emailed = await this.deliver(row, 'email', () => this.email(alert));
      const posted = await this.deliver(row, 'webhook', () => this.webhook(alert));
      if (emailed || posted) delivered.push(alert);
    }
    return delivered;
  }

  /** Locks the row if the channel is still to do, sends, marks it done; false when there was nothing to do. */
  private deliver(row: AlertRow, channel: Channel, send: () => Promise<void>): Promise<boolean> {
    const column = Prisma.raw(channel === 'email' ? 'email_done_at' : 'webhook_done_at');
    return this.prisma.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<unknown[]>`
          SELECT 1 FROM budget_alerts_sent
          WHERE tenant_id = ${row.tenantId} AND period = ${row.period}
            AND threshold_percent = ${row.thresholdPercent} AND ${column} IS NULL
          FOR UPDATE SKIP LOCKED`;
        if (locked.length === 0) return false;
        await send();
        await tx.$executeRaw`
          UPDATE budget_alerts_sent SET ${column} = now()
          WHERE tenant_id = ${row.tenantId} AND period = ${row.period}
            AND threshold_percent = ${row.thresholdPercent}`;
        return true;
      },
      { timeout: DELIVERY_TIMEOUT_MS, maxWait: DELIVERY_TIMEOUT_MS },
    );
  }

  private async email(alert: BudgetAlert): Promise<void> {
    await this.notifier.email(alert, await this.budgets.recipients(alert.tenantId));
  }

  private async webhook(alert: BudgetAlert): Promise<void> {
    const target = await this.budgets.webhook(alert.tenantId);
    if (target) await this.notifier.webhook(alert, target);
  }
}

function toAlert(row: AlertRow, tenantName: string): BudgetAlert {
  return {
    tenantId: row.tenantId,
    tenantName,
    window: row.period.length === 7 ? 'month' : 'day',
    period: row.period,
    thresholdPercent: row.thresholdPercent,
    spentMicros: row.spentMicros,
    capMicros: row.capMicros,
  };
}
