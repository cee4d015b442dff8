import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { StreamTrimmer } from '../src/maintenance/stream-trimmer';
import { streamKeyOf, testWorkerEnv } from './support/usage-fixtures';

const env = testWorkerEnv();
const key = streamKeyOf(env);
const redis = new Redis(env.REDIS_URL);
const trimmer = new StreamTrimmer(redis, env);

const ids = async () => (await redis.xrange(key, '-', '+')).map(([id]) => id);
const add = (id = '*') => redis.xadd(key, id, 'event', '{}') as Promise<string>;

/** Reads up to `count` new entries for `consumer` of `group`; returns their ids. */
async function read(group: string, consumer: string, count: number): Promise<string[]> {
  const reply = (await redis.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', key, '>')) as
    [string, [string, string[]][]][] | null;
  return (reply?.[0]?.[1] ?? []).map(([id]) => id);
}

beforeEach(async () => {
  await redis.del(key);
});

afterAll(async () => {
  await redis.del(key);
  redis.disconnect();
});

describe('usage stream trimming', () => {
  it('trims nothing when there is no stream, or no consumer group to say what was acknowledged', async () => {
    expect(await trimmer.trim()).toEqual({ minId: null, trimmed: 0 });
    await add();
    await add();
    expect(await trimmer.trim()).toEqual({ minId: null, trimmed: 0 });
    expect(await ids()).toHaveLength(2);
  });

  it('removes acknowledged entries and never an unacknowledged or unread one', async () => {
    await redis.xgroup('CREATE', key, 'billing', '0', 'MKSTREAM');
    const [e1, e2, e3, e4, e5] = [await add(), await add(), await add(), await add(), await add()];
    expect(await read('billing', 'replica-a', 3)).toEqual([e1, e2, e3]);
    await redis.xack(key, 'billing', e1!, e3!);

    // e2 is still pending (its reader may have died): it and everything after it stay.
    expect(await trimmer.trim()).toEqual({ minId: e2, trimmed: 1 });
    expect(await ids()).toEqual([e2, e3, e4, e5]);

    await redis.xack(key, 'billing', e2!);
    // Everything delivered is acknowledged; unread e4 and e5 stay (and the last delivered, e3).
    expect(await trimmer.trim()).toEqual({ minId: e3, trimmed: 1 });
    expect(await ids()).toEqual([e3, e4, e5]);
  });

  it('keeps what the slowest consumer group still needs', async () => {
    await redis.xgroup('CREATE', key, 'billing', '0', 'MKSTREAM');
    await redis.xgroup('CREATE', key, 'audit', '0');
    const added = [await add(), await add(), await add()];
    const billed = await read('billing', 'replica-a', 3);
    await redis.xack(key, 'billing', ...billed);

    // `audit` has read nothing: its last-delivered id is 0-0, so nothing goes.
    expect(await trimmer.trim()).toEqual({ minId: '0-0', trimmed: 0 });
    expect(await ids()).toEqual(added);

    await read('audit', 'auditor', 2);
    await redis.xack(key, 'audit', added[0]!);
    expect(await trimmer.trim()).toEqual({ minId: added[1], trimmed: 1 });
    expect(await ids()).toEqual(added.slice(1));
  });

  it('compares ids as numbers, so a pending 9-0 is not trimmed because "10-0" sorts first as text', async () => {
    for (const id of ['8-0', '9-0', '10-0', '11-0']) await add(id);
    await redis.xgroup('CREATE', key, 'billing', '8-0');
    await redis.xgroup('CREATE', key, 'audit', '10-0');
    expect(await read('billing', 'replica-a', 1)).toEqual(['9-0']);

    expect(await trimmer.trim()).toEqual({ minId: '9-0', trimmed: 1 });
    expect(await ids()).toEqual(['9-0', '10-0', '11-0']);
  });
});
