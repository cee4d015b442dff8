import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type PrismaClient } from '@llmguard/db';
import { spendDayOf, spendMonthOf } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { BudgetAlertNotifier, type BudgetAlert } from './budget-alert.notifier';
import { capMicrosOf, crossedThresholds, DEFAULT_THRESHOLDS_PERCENT } from './budget-thresholds';
import { EffectiveBudgetsRepository } from './effective-budgets.repository';
import { KeyBudgetsRepository } from './key-budgets.repository';
import type { TenantSpend } from './spend-counter.sync';

/** How long one delivery may hold its row lock (an SMTP or webhook call) before its transaction gives up. */
const DELIVERY_TIMEOUT_MS = 60_000;

/** budget_alerts_sent.api_key_id of the tenant's own budget (a key's alert carries the key's id). */
const TENANT_BUDGET = '';

/** Who is emailed: money goes to owners and billing members; a key's budget also to admins, who manage keys. */
const TENANT_ALERT_ROLES = ['owner', 'billing'] as const;
const KEY_ALERT_ROLES = ['owner', 'admin', 'billing'] as const;

type Channel = 'email' | 'webhook';
type AlertRow = {
  tenantId: string;
  apiKeyId: string;
  period: string;
  thresholdPercent: number;
  spentMicros: bigint;
  capMicros: bigint;
};
type Window = { period: string; capMicros: bigint | undefined; spentMicros: bigint };

/**
 * Sends each budget alert once per tenant (or API key), period and threshold. Crossing is recorded first (a
 * budget_alerts_sent row, unique per tenant, key, period and threshold); each channel is then delivered in a
 * transaction that locks the row, sends, and marks the channel done, so a failure is retried on the next run without
 * repeating the channel that worked, and a replica racing for the same row skips it. Crossing several thresholds at
 * once alerts for the highest only; the lower ones are recorded as done. An API key's own budget
 * (`limit_overrides.budgets`) is alerted on at the tenant's thresholds, through the same rows and channels.
 */
@Injectable()
export class BudgetAlertsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly budgets: EffectiveBudgetsRepository,
    private readonly keyBudgets: KeyBudgetsRepository,
    private readonly notifier: BudgetAlertNotifier,
    private readonly metrics: WorkerMetrics,
  ) {}

  /** Records newly crossed thresholds and delivers every pending alert of the tenant; returns those delivered. */
  async evaluate(spend: TenantSpend, now = new Date()): Promise<BudgetAlert[]> {
    const tenant = await this.budgets.of(spend.tenantId);
    if (!tenant) return [];
    const thresholds = tenant.budgets.alertThresholdsPercent ?? DEFAULT_THRESHOLDS_PERCENT;
    const month = spendMonthOf(now);
    const day = spendDayOf(now);
    await this.recordCrossed(tenant.tenantId, TENANT_BUDGET, thresholds, [
      {
        period: month,
        capMicros: capMicrosOf(tenant.budgets.monthlyCapMicros),
        spentMicros: spend.monthMicros,
      },
      { period: day, capMicros: capMicrosOf(tenant.budgets.dailyCapMicros), spentMicros: spend.dayMicros },
    ]);
    const keySpend = new Map(spend.keys.map((key) => [key.apiKeyId, key]));
    for (const key of await this.keyBudgets.of(tenant.tenantId, [...keySpend.keys()])) {
      const spent = keySpend.get(key.apiKeyId);
      if (!spent) continue;
      await this.recordCrossed(tenant.tenantId, key.apiKeyId, thresholds, [
        { period: month, capMicros: key.monthlyCapMicros, spentMicros: spent.monthMicros },
        { period: day, capMicros: key.dailyCapMicros, spentMicros: spent.dayMicros },
      ]);
    }
    return this.deliverPending(tenant.tenantId, tenant.tenantName);
  }

  private async recordCrossed(
    tenantId: string,
    apiKeyId: string,
    thresholds: readonly number[],
    windows: Window[],
  ): Promise<void> {
    for (const { period, capMicros, spentMicros } of windows) {
      const crossed = crossedThresholds(spentMicros, capMicros, thresholds);
      if (capMicros !== undefined && crossed.length > 0)
        await this.record({ tenantId, apiKeyId, period, spentMicros, capMicros }, crossed);
    }
  }

  private async record(row: Omit<AlertRow, 'thresholdPercent'>, crossed: number[]) {
    const highest = Math.max(...crossed);
    await this.prisma.$executeRaw`
      INSERT INTO budget_alerts_sent (tenant_id, api_key_id, period, threshold_percent, spent_micros, cap_micros,
        email_done_at, webhook_done_at)
      SELECT ${row.tenantId}, ${row.apiKeyId}, ${row.period}, threshold, ${row.spentMicros}, ${row.capMicros},
        CASE WHEN threshold = ${highest} THEN NULL ELSE now() END,
        CASE WHEN threshold = ${highest} THEN NULL ELSE now() END
      FROM unnest(${crossed}::int[]) AS threshold
      ON CONFLICT DO NOTHING`;
  }

  private async deliverPending(tenantId: string, tenantName: string): Promise<BudgetAlert[]> {
    const pending = await this.prisma.budgetAlertSent.findMany({
      where: { tenantId, OR: [{ emailDoneAt: null }, { webhookDoneAt: null }] },
      orderBy: [{ apiKeyId: 'asc' }, { period: 'asc' }, { thresholdPercent: 'asc' }],
    });
    const keyIds = [...new Set(pending.map((row) => row.apiKeyId).filter((id) => id !== TENANT_BUDGET))];
    const keyNames = await this.keyBudgets.names(tenantId, keyIds);
    const delivered: BudgetAlert[] = [];
    const failures: unknown[] = [];
    // Channels are independent: a mail relay that is down must not hold back the webhook, nor the reverse.
    const attempt = (row: AlertRow, channel: Channel, send: () => Promise<void>) =>
      this.deliver(row, channel, send).catch((error: unknown) => {
        failures.push(error);
        return false;
      });
    for (const row of pending) {
      const alert = toAlert(row, tenantName, keyNames);
      const emailed = await attempt(row, 'email', () => this.email(alert));
      const posted = await attempt(row, 'webhook', () => this.webhook(alert));
      if (emailed || posted) delivered.push(alert);
    }
    // The job fails so BullMQ retries it with backoff; channels already delivered are marked done and skipped.
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} budget alert deliveries failed`);
    return delivered;
  }

  /** Locks the row if the channel is still to do, sends, marks it done; false when there was nothing to do. */
  private deliver(row: AlertRow, channel: Channel, send: () => Promise<void>): Promise<boolean> {
    const column = Prisma.raw(channel === 'email' ? 'email_done_at' : 'webhook_done_at');
    const rowIs = Prisma.sql`tenant_id = ${row.tenantId} AND api_key_id = ${row.apiKeyId}
      AND period = ${row.period} AND threshold_percent = ${row.thresholdPercent}`;
    return this.prisma.$transaction(
      async (tx) => {
        const locked = await tx.$queryRaw<unknown[]>`
          SELECT 1 FROM budget_alerts_sent WHERE ${rowIs} AND ${column} IS NULL FOR UPDATE SKIP LOCKED`;
        if (locked.length === 0) return false;
        await send();
        await tx.$executeRaw`UPDATE budget_alerts_sent SET ${column} = now() WHERE ${rowIs}`;
        return true;
      },
      { timeout: DELIVERY_TIMEOUT_MS, maxWait: DELIVERY_TIMEOUT_MS },
    );
  }

  private async email(alert: BudgetAlert): Promise<void> {
    const roles = alert.apiKey ? KEY_ALERT_ROLES : TENANT_ALERT_ROLES;
    const recipients = await this.budgets.recipients(alert.tenantId, [...roles]);
    if (recipients.length > 0) await this.counted('email', () => this.notifier.email(alert, recipients));
  }

  private async webhook(alert: BudgetAlert): Promise<void> {
    const target = await this.budgets.webhook(alert.tenantId);
    if (target) await this.counted('webhook', () => this.notifier.webhook(alert, target));
  }

  /** One delivery attempt, counted by channel and result. */
  private async counted(channel: Channel, send: () => Promise<void>): Promise<void> {
    try {
      await send();
      this.metrics.budgetAlertDeliveries.inc({ channel, result: 'ok' });
    } catch (error) {
      this.metrics.budgetAlertDeliveries.inc({ channel, result: 'failed' });
      throw error;
    }
  }
}

function toAlert(row: AlertRow, tenantName: string, keyNames: Map<string, string>): BudgetAlert {
  return {
    tenantId: row.tenantId,
    tenantName,
    window: row.period.length === 7 ? 'month' : 'day',
    period: row.period,
    thresholdPercent: row.thresholdPercent,
    spentMicros: row.spentMicros,
    capMicros: row.capMicros,
    // A key deleted since the alert was recorded is still named, by its id.
    ...(row.apiKeyId !== TENANT_BUDGET && {
      apiKey: { id: row.apiKeyId, name: keyNames.get(row.apiKeyId) ?? row.apiKeyId },
    }),
  };
}
