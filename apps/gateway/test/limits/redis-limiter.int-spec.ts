import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spendCounterKey, spendMonthOf } from '@llmguard/shared';
import { buildLimitPlan, withCosts, type LimitCheck } from '../../src/data-plane/limits/limit-plan';
import { RedisLimiter } from '../../src/data-plane/limits/redis-limiter';
import { LocalRedisCluster } from '../support/redis-cluster';
import { TEST_ENV } from '../support/test-env';

// The shared limiter's scripts against a real Redis and a real three-node Redis Cluster: the same assertions on
// both, since every key of one call carries the tenant's hash tag.

const PREFIX = `${TEST_ENV.REDIS_KEY_PREFIX}limiter-spec:`;
const LEASE_TTL_MS = 400;

let single: Redis;
let cluster: LocalRedisCluster;
let clusterClient: Cluster;

beforeAll(async () => {
  single = new Redis(TEST_ENV.REDIS_URL);
  cluster = await LocalRedisCluster.start();
  clusterClient = cluster.client();
}, 30_000);

afterAll(async () => {
  single.disconnect();
  clusterClient?.disconnect();
  await cluster?.stop();
});

function plan(
  tenantId: string,
  rateLimits: Parameters<typeof buildLimitPlan>[0]['policy']['rateLimits'],
  tokens = { input: 0, output: 0 },
  budgets?: Parameters<typeof buildLimitPlan>[0]['policy']['budgets'],
): LimitCheck[] {
  const checks = buildLimitPlan({
    tenantId,
    keyId: 'key_a',
    model: 'gpt-x',
    endUser: null,
    policy: { rateLimits, budgets },
    keyOverrides: undefined,
    now: new Date(),
  });
  return withCosts(checks, tokens);
}

describe.each([
  ['one Redis', () => single],
  ['a three-node Redis Cluster', () => clusterClient],
])('RedisLimiter on %s', (_name, client) => {
  const limiter = () => new RedisLimiter(client(), PREFIX, LEASE_TTL_MS);

  it('admits exactly the limit of requests in a burst, then refuses with the time until one unit refills', async () => {
    const tenant = `tnt_${randomUUID()}`;
    const checks = plan(tenant, { tenant: { requestsPerMinute: 5 } });
    const decisions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => limiter().admit(checks, `req_${i}`)),
    );
    expect(decisions.filter((decision) => decision.admitted)).toHaveLength(5);
    const refused = decisions.find((decision) => !decision.admitted);
    expect(refused?.refusedBy?.check.kind).toBe('rate');
    // One request refills every 12 s.
    expect(refused?.refusedBy?.retryAfter).toBeGreaterThan(11_000);
    expect(refused?.refusedBy?.retryAfter).toBeLessThanOrEqual(12_000);
    expect(refused?.states[0]?.remaining).toBe(0);
  });

  it('is all or nothing: a request refused by one limit takes nothing from the others', async () => {
    const tenant = `tnt_${randomUUID()}`;
    const limits = { tenant: { tokensPerMinute: 1_000 }, perKey: { requestsPerMinute: 100 } };
    const big = plan(tenant, limits, { input: 900, output: 200 });
    const decision = await limiter().admit(big, 'req_big');
    expect(decision.admitted).toBe(false);
    expect(decision.refusedBy?.retryAfter).toBe('never');
    const small = plan(tenant, limits, { input: 600, output: 400 });
    const admitted = await limiter().admit(small, 'req_small');
    expect(admitted.admitted).toBe(true);
    // The key's request bucket still had all 100: the refused request took none.
    const keyRequests = small.findIndex((check) => check.kind === 'rate' && check.scope === 'key');
    expect(admitted.states[keyRequests]?.remaining).toBe(99);
  });

  it('settles a reservation: tokens not used go back to the bucket, extra tokens are owed', async () => {
    const tenant = `tnt_${randomUUID()}`;
    const limits = { tenant: { tokensPerMinute: 1_000 } };
    const reserve = plan(tenant, limits, { input: 100, output: 700 });
    expect((await limiter().admit(reserve, 'req_1')).admitted).toBe(true);
    expect((await limiter().admit(plan(tenant, limits, { input: 100, output: 200 }), 'req_2')).admitted).toBe(
      false,
    );
    await limiter().settle(reserve, 'req_1', [-600]); // used 200 of the 800 reserved
    const after = await limiter().admit(plan(tenant, limits, { input: 100, output: 200 }), 'req_3');
    expect(after.admitted).toBe(true);
    expect(after.states[0]?.remaining).toBeGreaterThanOrEqual(500);
    expect(after.states[0]?.remaining).toBeLessThanOrEqual(502); // plus what refilled meanwhile
  });

  it('holds concurrency leases until released, and lets them expire when nobody renews them', async () => {
    const tenant = `tnt_${randomUUID()}`;
    const checks = plan(tenant, { perKey: { concurrentRequests: 2 } });
    expect((await limiter().admit(checks, 'req_1')).admitted).toBe(true);
    expect((await limiter().admit(checks, 'req_2')).admitted).toBe(true);
    const third = await limiter().admit(checks, 'req_3');
    expect(third.admitted).toBe(false);
    expect(third.refusedBy?.check.kind).toBe('concurrency');
    await limiter().settle(checks, 'req_1', [0]);
    expect((await limiter().admit(checks, 'req_4')).admitted).toBe(true);
    // req_2 and req_4 hold both slots; renewing req_4 only, req_2's lease lapses.
    await new Promise((done) => setTimeout(done, LEASE_TTL_MS / 2));
    await limiter().renew([{ key: checks[0]!.key, requestId: 'req_4' }]);
    await new Promise((done) => setTimeout(done, LEASE_TTL_MS / 2 + 100));
    expect((await limiter().admit(checks, 'req_5')).admitted).toBe(true);
    expect((await limiter().admit(checks, 'req_6')).admitted).toBe(false);
  });

  it("refuses at a blocking budget's cap from the worker's spend counter, and only reports an alerting one", async () => {
    const tenant = `tnt_${randomUUID()}`;
    const counter = PREFIX + spendCounterKey(tenant, 'm', spendMonthOf(new Date()));
    await client().set(counter, '5000000');
    const blocking = plan(tenant, {}, undefined, { monthlyCapMicros: '5000000', action: 'block' });
    const refused = await limiter().admit(blocking, 'req_1');
    expect(refused.admitted).toBe(false);
    expect(refused.refusedBy?.retryAfter).toBe('budget_period');
    const alerting = plan(tenant, {}, undefined, { monthlyCapMicros: '5000000', action: 'alert' });
    const warned = await limiter().admit(alerting, 'req_2');
    expect(warned.admitted).toBe(true);
    expect(warned.states[0]?.remaining).toBe(0);
    await client().set(counter, '4999999');
    expect((await limiter().admit(blocking, 'req_3')).admitted).toBe(true);
  });
});
