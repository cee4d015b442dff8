import type { Redis } from 'ioredis';
import { USAGE_STREAM_KEY, usageEventSchema, type UsageEvent } from '@llmguard/shared';
import { TEST_ENV } from './test-env';

/** The latest usage events of the stream (any tenant), newest first; entries that are not events are skipped. */
export async function recentUsageEvents(
  redis: Redis,
  count: number,
  keyPrefix = TEST_ENV.REDIS_KEY_PREFIX,
): Promise<UsageEvent[]> {
  const entries = await redis.xrevrange(`${keyPrefix}${USAGE_STREAM_KEY}`, '+', '-', 'COUNT', count);
  return entries.flatMap(([, fields]) => {
    const event = usageEventSchema.safeParse(JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}'));
    return event.success ? [event.data] : [];
  });
}

/** Polls the usage stream until the event of a request id appears (settling happens after the response). */
export async function waitForUsageEvent(
  redis: Redis,
  requestId: string,
  timeoutMs = 5_000,
  keyPrefix = TEST_ENV.REDIS_KEY_PREFIX,
): Promise<UsageEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const recent = await recentUsageEvents(redis, 500, keyPrefix);
    const event = recent.find((candidate) => candidate.requestId === requestId);
    if (event) return event;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no usage event for ${requestId} within ${timeoutMs} ms`);
}
