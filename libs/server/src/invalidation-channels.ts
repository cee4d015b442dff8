import type { Redis } from 'ioredis';
import type { PolicyChangeMessage } from '@llmguard/shared';
import type { KeyInvalidation } from './key-invalidation';

/**
 * The pub/sub channels on which the control plane tells every gateway, after a commit, that what it cached is stale.
 * Prefixed like every other Redis name, so environments sharing a Redis never hear each other.
 */
const CHANNEL_NAMES = {
  /** Keys revoked, rotated or re-scoped, or a tenant's status changed: drop the named key lookups. */
  keys: 'keys:invalidate',
  /** A model route changed: drop that tenant's routes (every tenant's, for a platform route). */
  routes: 'routes:invalidate',
  /** A tenant's policy version or tier, or a tier's defaults, changed: drop the effective policies derived from them. */
  policies: 'policies:changed',
} as const;

/** What a route invalidation names: one tenant's routes, or (tenantId null) a platform route seen by every tenant. */
export type RouteInvalidation = { tenantId: string | null };

/** The invalidation channels, by what their messages are about. */
export type InvalidationTopic = keyof typeof CHANNEL_NAMES;

/** What a message on each channel carries (as JSON). */
export type InvalidationMessages = {
  keys: KeyInvalidation;
  routes: RouteInvalidation;
  policies: PolicyChangeMessage;
};

/** The Redis channel of a topic under a key prefix, e.g. `llmguard:routes:invalidate`. */
export function invalidationChannel(keyPrefix: string, topic: InvalidationTopic): string {
  return `${keyPrefix}${CHANNEL_NAMES[topic]}`;
}

/** Publishes one invalidation to every gateway instance. Call it after the commit, or a gateway may reload old rows. */
export async function publishInvalidation<Topic extends InvalidationTopic>(
  redis: Redis,
  keyPrefix: string,
  topic: Topic,
  message: InvalidationMessages[Topic],
): Promise<void> {
  await redis.publish(invalidationChannel(keyPrefix, topic), JSON.stringify(message));
}
