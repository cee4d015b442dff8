import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../../config';
import { ThrottledWarning } from '../throttled-warning';
import { readCachedAnswer, type CachedAnswerEntry } from '../answers/cached-answer';

/**
 * The exact cache: one Redis string per (tenant, canonical request hash), the answer as JSON. The tenant is part of
 * the key (in a hash tag, like every other per-tenant key), so one tenant's request can never find another's answer.
 * An entry outlives its TTL by CACHE_STALE_SECONDS for degradation only; lookups check freshness themselves. Redis
 * failures are misses (a cache is never a reason to fail a request), logged at most once a minute.
 */
@Injectable()
export class ExactAnswerStore {
  private readonly warning = new ThrottledWarning(ExactAnswerStore.name);
  private readonly prefix: string;
  private readonly staleMs: number;
  private readonly maxBytes: number;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.prefix = `${env.REDIS_KEY_PREFIX}cache:exact:`;
    this.staleMs = env.CACHE_STALE_SECONDS * 1000;
    this.maxBytes = env.CACHE_MAX_ANSWER_BYTES;
  }

  /** The stored answer, fresh or stale (the caller decides), or undefined. */
  async get(tenantId: string, hash: string): Promise<CachedAnswerEntry | undefined> {
    try {
      const stored = await this.redis.get(this.keyOf(tenantId, hash));
      return stored === null ? undefined : readCachedAnswer(JSON.parse(stored));
    } catch (error) {
      this.warning.warn(`exact cache read failed, serving as a miss: ${String(error)}`);
      return undefined;
    }
  }

  /** Stores an answer for ttl seconds (plus the stale period); returns whether it was stored. */
  async put(tenantId: string, hash: string, entry: CachedAnswerEntry): Promise<boolean> {
    const text = JSON.stringify(entry);
    if (Buffer.byteLength(text) > this.maxBytes) return false;
    const keepMs = entry.freshUntilMs - entry.storedAtMs + this.staleMs;
    try {
      await this.redis.set(this.keyOf(tenantId, hash), text, 'PX', keepMs);
      return true;
    } catch (error) {
      this.warning.warn(`exact cache write failed, the answer is not stored: ${String(error)}`);
      return false;
    }
  }

  private keyOf(tenantId: string, hash: string): string {
    return `${this.prefix}{${tenantId}}:${hash}`;
  }
}
