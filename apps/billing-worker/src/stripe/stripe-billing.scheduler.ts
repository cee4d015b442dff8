import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import {
  REPORT_USAGE_TO_STRIPE_JOB,
  STRIPE_BILLING_QUEUE,
  SYNC_STRIPE_CUSTOMERS_JOB,
} from './stripe-billing.queue';

// Finished runs are kept only for inspection; a repeatable job would otherwise fill Redis.
const KEEP_FINISHED = { removeOnComplete: 50, removeOnFail: 200 };

/**
 * Registers the repeatable Stripe jobs when Stripe is configured, and removes them when it is not (a deployment
 * that turned Stripe off must stop running them). Schedulers are keyed by name, so every replica upserting them
 * leaves one schedule.
 */
@Injectable()
export class StripeBillingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(StripeBillingScheduler.name);

  constructor(
    @InjectQueue(STRIPE_BILLING_QUEUE) private readonly queue: Queue,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.STRIPE_SECRET_KEY) {
      await this.queue.removeJobScheduler(SYNC_STRIPE_CUSTOMERS_JOB);
      await this.queue.removeJobScheduler(REPORT_USAGE_TO_STRIPE_JOB);
      this.logger.log('Stripe is off (STRIPE_SECRET_KEY unset): no customers or meter events');
      return;
    }
    await this.queue.upsertJobScheduler(
      SYNC_STRIPE_CUSTOMERS_JOB,
      { every: this.env.STRIPE_CUSTOMER_SYNC_INTERVAL_MS },
      { name: SYNC_STRIPE_CUSTOMERS_JOB, opts: KEEP_FINISHED },
    );
    await this.queue.upsertJobScheduler(
      REPORT_USAGE_TO_STRIPE_JOB,
      { every: this.env.STRIPE_REPORT_INTERVAL_MS },
      { name: REPORT_USAGE_TO_STRIPE_JOB, opts: KEEP_FINISHED },
    );
  }
}
