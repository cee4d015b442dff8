import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const HEARTBEAT_MS = 5_000;
/** An instance missing three heartbeats is gone. */
const GONE_AFTER_MS = 3 * HEARTBEAT_MS;

/**
 * How many gateway instances are alive, for the fail-open fallback (each instance takes its share of a limit).
 * Each instance writes a heartbeat into one sorted set; the count is refreshed with every heartbeat and the last
 * count is kept while Redis is unreachable, which is exactly when it is needed.
 */
export class LiveInstances {
  private readonly id = randomUUID();
  private readonly key: string;
  private timer: NodeJS.Timeout | undefined;
  private count = 1;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}gateway:instances`;
  }

  /** Live instances as last seen, this one included. */
  get current(): number {
    return this.count;
  }

  async start(): Promise<void> {
    await this.beat().catch(() => undefined);
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.zrem(this.key, this.id).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    const [, , live] =
      (await this.redis
        .multi()
        .zadd(this.key, now, this.id)
        .zremrangebyscore(this.key, '-inf', now - GONE_AFTER_MS)
        .zcard(this.key)
        .exec()) ?? [];
    const value = live?.[1];
    if (typeof value === 'number' && value > 0) this.count = value;
  }
}
