import type { Redis } from 'ioredis';

/**
 * Pub/sub channel on which the control plane announces that a model route changed. Every gateway instance drops the
 * routes it cached for that tenant (for a platform route: for every tenant) and reloads them on the next request.
 */
export function routeInvalidationChannel(keyPrefix: string): string {
  return `${keyPrefix}routes:invalidate`;
}

/** What a route invalidation names: one tenant's routes, or (tenantId null) a platform route seen by every tenant. */
export type RouteInvalidation = { tenantId: string | null };

/** Tells every gateway instance to drop the cached routes a change affects. Call it after the commit. */
export async function publishRouteInvalidation(
  redis: Redis,
  keyPrefix: string,
  invalidation: RouteInvalidation,
): Promise<void> {
  await redis.publish(routeInvalidationChannel(keyPrefix), JSON.stringify(invalidation));
}
