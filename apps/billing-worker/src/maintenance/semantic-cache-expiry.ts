import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PrismaClient } from '@llmguard/db';
import { PRISMA } from '../clients/worker-clients';
import { deleteInBatches } from './delete-in-batches';

/**
 * Deletes semantic cache entries past their expiry, in batches. The gateways already ignore them (every lookup
 * filters on expires_at); deleting them keeps the table and its HNSW index the size of what can still be served.
 */
@Injectable()
export class SemanticCacheExpiry {
  private readonly logger = new Logger(SemanticCacheExpiry.name);

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Returns how many entries were deleted. */
  async deleteExpired(now = new Date()): Promise<number> {
    const total = await deleteInBatches(
      (limit) => this.prisma.$executeRaw`
        DELETE FROM semantic_cache_entries WHERE id IN (
          SELECT id FROM semantic_cache_entries WHERE expires_at < ${now} LIMIT ${limit})`,
    );
    if (total > 0)
      this.logger.log(`semantic_cache_entries deleted=${total} expired before ${now.toISOString()}`);
    return total;
  }
}
