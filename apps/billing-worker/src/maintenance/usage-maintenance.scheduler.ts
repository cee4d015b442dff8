import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';
import {
  DELETE_EXPIRED_SEMANTIC_CACHE_EVERY_MS,
  DELETE_EXPIRED_SEMANTIC_CACHE_JOB,
  DELETE_EXPIRED_USAGE_EVERY_MS,
  DELETE_EXPIRED_USAGE_JOB,
  TRIM_USAGE_STREAM_JOB,
  USAGE_MAINTENANCE_QUEUE,
} from './usage-maintenance.queue';

// Finished runs are kept only for inspection; a repeatable job would otherwise fill Redis.
const KEEP_FINISHED = { removeOnComplete: 50, removeOnFail: 200 };

/**
 * Registers the repeatable maintenance jobs. Job schedulers are keyed by name, so every replica
 * upserting them at start-up leaves one schedule, updated to the latest configuration.
 */
@Injectable()
export class UsageMaintenanceScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(USAGE_MAINTENANCE_QUEUE) private readonly queue: Queue,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      TRIM_USAGE_STREAM_JOB,
      { every: this.env.USAGE_TRIM_INTERVAL_MS },
      { name: TRIM_USAGE_STREAM_JOB, opts: KEEP_FINISHED },
    );
    await this.queue.upsertJobScheduler(
      DELETE_EXPIRED_USAGE_JOB,
      { every: DELETE_EXPIRED_USAGE_EVERY_MS },
      { name: DELETE_EXPIRED_USAGE_JOB, opts: KEEP_FINISHED },
    );
    await this.queue.upsertJobScheduler(
      DELETE_EXPIRED_SEMANTIC_CACHE_JOB,
      { every: DELETE_EXPIRED_SEMANTIC_CACHE_EVERY_MS },
      { name: DELETE_EXPIRED_SEMANTIC_CACHE_JOB, opts: KEEP_FINISHED },
    );
  }
}
