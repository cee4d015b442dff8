import type { Redis } from 'ioredis';
import { USAGE_STREAM_KEY, type UsageEventV1 } from '@llmguard/shared';

/**
 * Appends usage events to the Redis stream the billing worker consumes: one XADD per request,
 * never a SQL write on the hot path.
 */
export class UsageStreamPublisher {
  private readonly streamKey: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.streamKey = `${keyPrefix}${USAGE_STREAM_KEY}`;
  }

  async publish(event: UsageEventV1): Promise<string> {
    const id = await this.redis.xadd(this.streamKey, '*', 'event', JSON.stringify(event));
    if (id === null) throw new Error('XADD returned no id');
    return id;
  }
}
