import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { PRISMA } from '../clients/worker-clients';
import { WORKER_ENV } from '../config';
import { retentionCutoff } from '../usage-stream/retention-window';
import { deleteInBatches } from './delete-in-batches';

/**
 * Deletes raw usage_events older than USAGE_RETENTION_DAYS in batches; usage_rollups_hourly is kept
 * for ever. A batched DELETE (rather than monthly partitions) keeps request_id the table's one-column
 * primary key, so replay protection stays a plain unique constraint. The consumer refuses events
 * older than the window, so a deleted row can never be stored and billed again.
 */
@Injectable()
export class UsageRetention {
  private readonly logger = new Logger(UsageRetention.name);

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(WORKER_ENV) private readonly env: BillingWorkerEnv,
  ) {}

  /** Returns how many rows were deleted. */
  async deleteExpired(now = new Date()): Promise<number> {
    const cutoff = retentionCutoff(now, this.env.USAGE_RETENTION_DAYS);
    const total = await deleteInBatches(
      (limit) => this.prisma.$executeRaw`
        DELETE FROM usage_events WHERE request_id IN (
          SELECT request_id FROM usage_events WHERE occurred_at < ${cutoff} LIMIT ${limit})`,
    );
    if (total > 0) this.logger.log(`usage_events deleted=${total} older than ${cutoff.toISOString()}`);
    return total;
  }
}
