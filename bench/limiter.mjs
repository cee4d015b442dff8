#!/usr/bin/env node
// Admission decisions per second against one local Redis: the gateway's limiter (one Lua script deciding every
// limit of a request atomically) against rate-limiter-flexible (one RateLimiterRedis per limit), for the same
// plan of six rate limits. Run through scripts/bench-limits.sh (which builds the gateway first), or:
//   node bench/limiter.mjs [--redis redis://127.0.0.1:6379/2] [--duration 5] [--concurrency 1,16,64]
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { Redis } = require('ioredis');
const { RateLimiterRedis } = require('rate-limiter-flexible');
const { RedisLimiter } = require('../apps/gateway/dist/data-plane/limits/redis-limiter.js');
const { buildLimitPlan, withCosts } = require('../apps/gateway/dist/data-plane/limits/limit-plan.js');

const { values } = parseArgs({
  options: {
    redis: { type: 'string', default: 'redis://127.0.0.1:6379/2' },
    duration: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,16,64' },
    tenants: { type: 'string', default: '100' },
  },
});
const durationMs = Number(values.duration) * 1000;
const PREFIX = 'llmguard-bench-limiter:';
const TENANTS = Number(values.tenants);
// A typical plan: requests and tokens per minute and per day for the key, requests and tokens per minute for the
// tenant. Limits are high enough that nothing is refused: the bench measures deciding, not refusing.
const RATE_LIMITS = {
  tenant: { requestsPerMinute: 1e6, tokensPerMinute: 1e9 },
  perKey: { requestsPerMinute: 1e6, tokensPerMinute: 1e9, requestsPerDay: 1e9, tokensPerDay: 1e12 },
};
const TOKENS = { input: 200, output: 300 };

function plan(tenant) {
  const checks = buildLimitPlan({
    tenantId: `tnt_bench${tenant}`,
    keyId: 'key_bench',
    model: 'gpt-4o-mini',
    endUser: null,
    policy: { rateLimits: RATE_LIMITS },
    keyOverrides: undefined,
    now: new Date(),
  });
  return withCosts(checks, TOKENS);
}

/** The same six limits as six rate-limiter-flexible limiters (fixed windows: its RateLimiterRedis semantics). */
function flexibleLimiters(redis) {
  const make = (points, duration, keyPrefix) =>
    new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: `${PREFIX}rlf:${keyPrefix}` });
  return [
    { limiter: make(1e6, 60, 'k:r:m'), cost: 1, scope: 'k' },
    { limiter: make(1e9, 60, 'k:t:m'), cost: 500, scope: 'k' },
    { limiter: make(1e9, 86_400, 'k:r:d'), cost: 1, scope: 'k' },
    { limiter: make(1e12, 86_400, 'k:t:d'), cost: 500, scope: 'k' },
    { limiter: make(1e6, 60, 't:r:m'), cost: 1, scope: 't' },
    { limiter: make(1e9, 60, 't:t:m'), cost: 500, scope: 't' },
  ];
}

const implementations = {
  'llmguard lua (1 round trip, atomic)': (redis) => {
    const limiter = new RedisLimiter(redis, PREFIX, 30_000);
    const plans = Array.from({ length: TENANTS }, (_, tenant) => plan(tenant));
    let n = 0;
    return () => limiter.admit(plans[n++ % TENANTS], `req_${n}`);
  },
  'rate-limiter-flexible, sequential (6 round trips)': (redis) => {
    const limiters = flexibleLimiters(redis);
    let n = 0;
    return async () => {
      const tenant = n++ % TENANTS;
      for (const { limiter, cost, scope } of limiters) await limiter.consume(`${scope}${tenant}`, cost);
    };
  },
  'rate-limiter-flexible, parallel (6 commands pipelined, not atomic)': (redis) => {
    const limiters = flexibleLimiters(redis);
    let n = 0;
    return () => {
      const tenant = n++ % TENANTS;
      return Promise.all(
        limiters.map(({ limiter, cost, scope }) => limiter.consume(`${scope}${tenant}`, cost)),
      );
    };
  },
};

async function measure(decide, concurrency) {
  const latencies = [];
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        await decide();
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: latencies.length / (durationMs / 1000), p50: at(0.5), p99: at(0.99) };
}

const redis = new Redis(values.redis);
const rows = [];
for (const concurrency of values.concurrency.split(',').map(Number)) {
  for (const [name, make] of Object.entries(implementations)) {
    const decide = make(redis);
    for (let i = 0; i < 200; i += 1) await decide(); // warm-up: scripts loaded, connections hot
    const result = await measure(decide, concurrency);
    rows.push({ concurrency, name, ...result });
    process.stderr.write(`c=${concurrency} ${name}: ${Math.round(result.perSecond)}/s\n`);
  }
}
const keys = await redis.keys(`${PREFIX}*`);
for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
redis.disconnect();

const baseline = (concurrency) =>
  rows.find((row) => row.concurrency === concurrency && row.name.startsWith('llmguard'));
console.log(
  'admission decisions against one local Redis (6 rate limits per decision); ratio = ÷ llmguard lua',
);
console.log('c    decisions/s  ratio  p50 ms  p99 ms  implementation');
for (const row of rows) {
  const ratio = row.perSecond / baseline(row.concurrency).perSecond;
  console.log(
    `${String(row.concurrency).padEnd(4)} ${String(Math.round(row.perSecond)).padStart(11)}  ${ratio.toFixed(2).padStart(5)}  ${row.p50.toFixed(3).padStart(6)}  ${row.p99.toFixed(3).padStart(6)}  ${row.name}`,
  );
}
