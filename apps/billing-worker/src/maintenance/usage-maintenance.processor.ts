import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { StreamTrimmer } from './stream-trimmer';
import { SemanticCacheExpiry } from './semantic-cache-expiry';
import {
  DELETE_EXPIRED_SEMANTIC_CACHE_JOB,
  DELETE_EXPIRED_USAGE_JOB,
  TRIM_USAGE_STREAM_JOB,
  USAGE_MAINTENANCE_QUEUE,
} from './usage-maintenance.queue';
import { UsageRetention } from './usage-retention';

/** Runs the periodic usage jobs; each is idempotent, so whichever replica picks a run may do it. */
@Processor(USAGE_MAINTENANCE_QUEUE)
export class UsageMaintenanceProcessor extends WorkerHost {
  constructor(
    private readonly trimmer: StreamTrimmer,
    private readonly retention: UsageRetention,
    private readonly semanticCache: SemanticCacheExpiry,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case TRIM_USAGE_STREAM_JOB:
        return this.trimmer.trim();
      case DELETE_EXPIRED_USAGE_JOB:
        return { deleted: await this.retention.deleteExpired() };
      case DELETE_EXPIRED_SEMANTIC_CACHE_JOB:
        return { deleted: await this.semanticCache.deleteExpired() };
      default:
        throw new Error(`unknown usage maintenance job ${job.name}`);
    }
  }
}
