import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import type { GatewayEnv } from '@llmguard/shared';
import { PRISMA } from '../clients/clients.module';
import { GATEWAY_ENV } from '../config';
import { lastUsedHashKey, mergeLastUsed, takeLastUsed } from './last-used.store';

/**
 * Moves the last-used times that the data plane collects in Redis to api_keys.last_used_at, every
 * KEY_LAST_USED_FLUSH_INTERVAL_MS, in one UPDATE. Every gateway runs it, but a short Redis lock lets one instance
 * flush per interval, and the entries are taken out of Redis atomically, so each is written once. The UPDATE only
 * moves the column forward and leaves updated_at alone (a key being used is not a change to it).
 */
@Injectable()
export class KeyLastUsedFlusher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyLastUsedFlusher.name);
  private readonly hashKey: string;
  private readonly lockKey: string;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.hashKey = lastUsedHashKey(env.REDIS_KEY_PREFIX);
    this.lockKey = `${this.hashKey}:flush-lock`;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.flush().catch((error: unknown) => this.logger.warn(`last-used flush failed: ${String(error)}`));
    }, this.env.KEY_LAST_USED_FLUSH_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Flushes if no other instance did in this interval; returns how many keys were written. */
  async flush(): Promise<number> {
    // A little shorter than the interval, so the lock has expired by the winner's next tick.
    const lockMs = Math.max(1, Math.floor(this.env.KEY_LAST_USED_FLUSH_INTERVAL_MS * 0.9));
    if ((await this.redis.set(this.lockKey, '1', 'PX', lockMs, 'NX')) !== 'OK') return 0;
    const taken = await takeLastUsed(this.redis, this.hashKey);
    if (taken.size === 0) return 0;
    try {
      return await this.write(taken);
    } catch (error) {
      await mergeLastUsed(this.redis, this.hashKey, taken); // the next flush tries again
      throw error;
    }
  }

  /** One statement for the whole batch: two array parameters, however many keys. */
  private write(lastUsedMs: Map<string, number>): Promise<number> {
    const ids = [...lastUsedMs.keys()];
    const epochMs = [...lastUsedMs.values()];
    return this.prisma.$executeRaw`
      UPDATE api_keys AS api_key
         SET last_used_at = to_timestamp(used.epoch_ms / 1000.0)
        FROM unnest(${ids}::text[], ${epochMs}::float8[]) AS used(id, epoch_ms)
       WHERE api_key.id = used.id
         AND (api_key.last_used_at IS NULL OR api_key.last_used_at < to_timestamp(used.epoch_ms / 1000.0))`;
  }
}
