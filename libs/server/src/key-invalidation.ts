import type { Redis } from 'ioredis';
import { publishInvalidation } from './invalidation-channels';

// Bounds the arguments of one DEL, so a tenant with very many keys is not one huge command.
const DELETE_BATCH_SIZE = 500;

/** Redis key of the shared (second-level) cache entry of one key hash. */
export function keyCacheKey(keyPrefix: string, keyHash: string): string {
  return `${keyPrefix}keys:by-hash:${keyHash}`;
}

/** What a key invalidation names: key hashes, or every key of a tenant. */
export type KeyInvalidation = { keyHashes?: string[]; tenantId?: string };

/** Drops the shared cache entries of some key hashes, so no gateway reloads them from there. */
export async function dropSharedKeyEntries(
  redis: Redis,
  keyPrefix: string,
  keyHashes: string[],
): Promise<void> {
  for (let start = 0; start < keyHashes.length; start += DELETE_BATCH_SIZE) {
    const batch = keyHashes.slice(start, start + DELETE_BATCH_SIZE);
    await redis.del(...batch.map((hash) => keyCacheKey(keyPrefix, hash)));
  }
}

/**
 * Drops the shared cache entries of the named keys, then tells every gateway instance to drop its own lookups (of
 * those keys, or of every key of the tenant). Every instance drops them at once: revocation is not eventual.
 */
export async function publishKeyInvalidation(
  redis: Redis,
  keyPrefix: string,
  invalidation: KeyInvalidation,
): Promise<void> {
  await dropSharedKeyEntries(redis, keyPrefix, invalidation.keyHashes ?? []);
  await publishInvalidation(redis, keyPrefix, 'keys', invalidation);
}
