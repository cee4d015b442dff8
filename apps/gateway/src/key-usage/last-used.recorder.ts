import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../config';
import { lastUsedHashKey, mergeLastUsed } from './last-used.store';

/**
 * Records which keys the data plane sees in use, off the request path: a request only notes the key in memory (the
 * first use per interval is kept), and every KEY_LAST_USED_RECORD_INTERVAL_MS the noted keys go to Redis in one
 * batch. The flusher moves them to api_keys.last_used_at; the data plane never writes SQL.
 */
@Injectable()
export class KeyLastUsedRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KeyLastUsedRecorder.name);
  private readonly hashKey: string;
  private noted = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.hashKey = lastUsedHashKey(env.REDIS_KEY_PREFIX);
  }

  /** Per request: one map lookup, and one insertion the first time a key is seen in an interval. */
  touch(keyId: string): void {
    if (!this.noted.has(keyId)) this.noted.set(keyId, Date.now());
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.write(), this.env.KEY_LAST_USED_RECORD_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.write();
  }

  /** Sends what was noted since the last write; a failure loses only these approximate times, never a request. */
  private async write(): Promise<void> {
    if (this.noted.size === 0) return;
    const batch = this.noted;
    this.noted = new Map();
    await mergeLastUsed(this.redis, this.hashKey, batch).catch((error: unknown) => {
      this.logger.warn(`could not record key use in Redis: ${String(error)}`);
    });
  }
}
