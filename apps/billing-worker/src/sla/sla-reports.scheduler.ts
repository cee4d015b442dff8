import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import { COMPUTE_SLA_REPORTS_JOB, SLA_REPORTS_QUEUE } from './sla-reports.queue';

/** Registers the SLA report job scheduler (one schedule whatever the number of replicas). */
@Injectable()
export class SlaReportsScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(SLA_REPORTS_QUEUE) private readonly queue: Queue,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      COMPUTE_SLA_REPORTS_JOB,
      { every: this.env.SLA_REPORT_INTERVAL_MS },
      { name: COMPUTE_SLA_REPORTS_JOB, opts: { removeOnComplete: 50, removeOnFail: 200 } },
    );
  }
}
