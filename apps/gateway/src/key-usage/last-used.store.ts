import type { Redis } from 'ioredis';

/** The Redis hash of key id → last-used epoch milliseconds, waiting to be flushed to api_keys.last_used_at. */
export function lastUsedHashKey(keyPrefix: string): string {
  return `${keyPrefix}keys:last-used`;
}

// Keeps the later of the stored and the given time per key: gateways write in any order, and a failed flush puts
// its entries back without overwriting newer ones.
const MERGE_LATEST_SCRIPT = `
for i = 1, #ARGV, 2 do
  local current = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
  if tonumber(ARGV[i + 1]) > current then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
end
return 0`;

// Bounds the arguments of one script call.
const MERGE_BATCH_SIZE = 500;

/** Merges last-used times into the hash, keeping the latest time of each key. */
export async function mergeLastUsed(
  redis: Redis,
  hashKey: string,
  lastUsedMs: Map<string, number>,
): Promise<void> {
  const entries = [...lastUsedMs];
  for (let start = 0; start < entries.length; start += MERGE_BATCH_SIZE) {
    const args = entries.slice(start, start + MERGE_BATCH_SIZE).flatMap(([id, ms]) => [id, String(ms)]);
    await redis.eval(MERGE_LATEST_SCRIPT, 1, hashKey, ...args);
  }
}

/** Takes every entry out of the hash at once (read and delete in one transaction), so each is flushed once. */
export async function takeLastUsed(redis: Redis, hashKey: string): Promise<Map<string, number>> {
  const results = await redis.multi().hgetall(hashKey).del(hashKey).exec();
  const [error, fields] = results?.[0] ?? [null, {}];
  if (error) throw error;
  const taken = new Map<string, number>();
  for (const [id, ms] of Object.entries(fields as Record<string, string>)) {
    const value = Number(ms);
    if (Number.isFinite(value)) taken.set(id, value);
  }
  return taken;
}
