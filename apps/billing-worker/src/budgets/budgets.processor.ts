import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { BudgetAlertsService } from './budget-alerts.service';
import { BUDGETS_QUEUE, SYNC_SPEND_JOB } from './budgets.queue';
import { SpendCounterSync } from './spend-counter.sync';

/**
 * One run: recompute the counters of tenants with new usage, then evaluate their alerts. A tenant whose alert could
 * not be sent (SMTP or its webhook down) is kept in a Redis set and evaluated again on the next runs, even without
 * new usage, until it succeeds.
 */
@Processor(BUDGETS_QUEUE)
export class BudgetsProcessor extends WorkerHost {
  private readonly logger = new Logger(BudgetsProcessor.name);
  private readonly retryKey: string;

  constructor(
    private readonly spend: SpendCounterSync,
    private readonly alerts: BudgetAlertsService,
    private readonly redis: Redis,
    @Inject(WORKER_ENV) env: BillingWorkerEnv,
  ) {
    super();
    this.retryKey = `${env.REDIS_KEY_PREFIX}budgets:alert-retry`;
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== SYNC_SPEND_JOB) throw new Error(`unknown budgets job ${job.name}`);
    return this.run();
  }

  /** Exposed for tests, which call it with a chosen clock. */
  async run(now = new Date()): Promise<{ tenants: number; alerts: number; failed: number }> {
    const retry = await this.redis.smembers(this.retryKey);
    const totals = await this.spend.sync(now, retry);
    let alerts = 0;
    let failed = 0;
    for (const spend of totals) {
      try {
        alerts += (await this.alerts.evaluate(spend, now)).length;
        await this.redis.srem(this.retryKey, spend.tenantId);
      } catch (error) {
        failed += 1;
        await this.redis.sadd(this.retryKey, spend.tenantId);
        this.logger.warn(`budget alert of ${spend.tenantId} failed, will retry: ${String(error)}`);
      }
    }
    return { tenants: totals.length, alerts, failed };
  }
}
