import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for request-path use: commands fail fast instead of queueing forever while
 * Redis is down, so each stage can apply its declared fail-open or fail-closed behaviour.
 */
export function createRedisClient(url: string, connectionName: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
    lazyConnect: false,
    ...options,
  });
  // Reconnection is automatic; say once that the connection is down, not at every retry.
  let reported = false;
  client.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    process.stderr.write(`redis (${connectionName}): ${error.message}; reconnecting\n`);
  });
  client.on('ready', () => {
    reported = false;
  });
  return client;
}
