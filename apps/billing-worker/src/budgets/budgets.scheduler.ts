import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { BUDGETS_QUEUE, SYNC_SPEND_JOB } from './budgets.queue';

/** Registers the spend/alert job scheduler (one schedule whatever the number of replicas). */
@Injectable()
export class BudgetsScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(BUDGETS_QUEUE) private readonly queue: Queue,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SYNC_SPEND_JOB,
      { every: this.env.SPEND_SYNC_INTERVAL_MS },
      { name: SYNC_SPEND_JOB, opts: { removeOnComplete: 50, removeOnFail: 200 } },
    );
  }
}
