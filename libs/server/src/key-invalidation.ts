import type { Redis } from 'ioredis';

/**
 * Pub/sub channel on which the control plane announces that cached key lookups are stale (a key
 * revoked, rotated, re-scoped, or a tenant suspended). Every gateway instance drops the named
 * entries from its in-process cache at once.
 */
export function keyInvalidationChannel(keyPrefix: string): string {
  return `${keyPrefix}keys:invalidate`;
}

/** Redis key of the shared (second-level) cache entry of one key hash. */
export function keyCacheKey(keyPrefix: string, keyHash: string): string {
  return `${keyPrefix}keys:by-hash:${keyHash}`;
}

/** What an invalidation message names: key hashes, or every key of a tenant. */
export type KeyInvalidation = { keyHashes?: string[]; tenantId?: string };

/** Drops the shared cache entries and tells every gateway instance to drop its own. */
export async function publishKeyInvalidation(redis: Redis, keyPrefix: string, invalidation: KeyInvalidation) {
  const hashes = invalidation.keyHashes ?? [];
  if (hashes.length > 0) await redis.del(...hashes.map((hash) => keyCacheKey(keyPrefix, hash)));
  await redis.publish(keyInvalidationChannel(keyPrefix), JSON.stringify(invalidation));
}
