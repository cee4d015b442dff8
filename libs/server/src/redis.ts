import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for request-path use: commands fail fast instead of queueing forever while
 * Redis is down, so each stage can apply its declared fail-open or fail-closed behaviour.
 */
export function createRedisClient(url: string, connectionName: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...options,
  });
}
