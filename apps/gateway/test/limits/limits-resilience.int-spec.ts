import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import { startGateway } from '../../src/main';
import {
  addRoute,
  createTestTenant,
  ensureSlaTiers,
  setTenantPolicy,
  type TestTenant,
} from '../support/fixtures';
import { startGatewayProcess } from '../support/gateway-process';
import { PrivateRedis } from '../support/private-redis';
import { TEST_ENV } from '../support/test-env';

// What survives failures: concurrency leases of a killed gateway expire, leases of long requests are renewed, and
// a Redis outage meets each tenant's onLimiterUnavailable (503, or a local limiter sharing the limit between the
// live instances).

const LEASE_TTL_MS = 1_500;
const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let slowUpstream: Awaited<ReturnType<typeof startDemoUpstream>>;

beforeAll(async () => {
  // 200 tokens at 50 ms each: a 10 s stream.
  slowUpstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 50, tokens: 200 });
  await ensureSlaTiers(prisma);
});

afterAll(async () => {
  await slowUpstream?.close();
  await prisma.$disconnect();
});

async function tenantWith(policy: PolicyDocumentInput): Promise<TestTenant> {
  const tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('chat'),
    provider: 'openai',
    baseUrl: `${slowUpstream.url}/v1`,
  });
  await setTenantPolicy(prisma, tenant.tenantId, policy);
  return tenant;
}

function client(tenant: TestTenant, gatewayUrl: string): OpenAI {
  return new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
}

/** Starts a stream and resolves once its first chunk arrived (the request holds its lease from then on). */
async function openStream(tenant: TestTenant, gatewayUrl: string) {
  const stream = await client(tenant, gatewayUrl).chat.completions.create({
    model: tenant.alias('chat'),
    stream: true,
    messages: [{ role: 'user', content: 'Tell me a long story' }],
  });
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
  return { stream, iterator };
}

const quick = (tenant: TestTenant, gatewayUrl: string) =>
  client(tenant, gatewayUrl).chat.completions.create({
    model: tenant.alias('chat'),
    max_tokens: 1,
    messages: [{ role: 'user', content: 'Hi' }],
  });

describe('concurrency leases', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    gateway = await startGateway({
      ...TEST_ENV,
      NODE_ENV: 'test',
      GATEWAY_PLANES: 'data',
      DATA_PLANE_PORT: '0',
      RATE_LIMIT_LEASE_TTL_MS: String(LEASE_TTL_MS),
    });
  });

  afterAll(() => gateway?.close());

  it("frees a killed gateway's slots once their leases expire", async () => {
    const tenant = await tenantWith({ rateLimits: { perKey: { concurrentRequests: 2 } } });
    const doomed = await startGatewayProcess({ ...TEST_ENV, RATE_LIMIT_LEASE_TTL_MS: String(LEASE_TTL_MS) });
    try {
      await openStream(tenant, doomed.dataPlaneUrl);
      await openStream(tenant, doomed.dataPlaneUrl);
      await expect(quick(tenant, gateway.dataPlaneUrl)).rejects.toThrow(/concurrent requests/);
    } finally {
      await doomed.kill();
    }
    const killedAt = performance.now();
    // Nobody settles the two streams: their slots come back when the leases lapse, not before.
    await expect(quick(tenant, gateway.dataPlaneUrl)).rejects.toThrow(/concurrent requests/);
    let freedAfterMs: number | undefined;
    while (performance.now() - killedAt < 5_000) {
      const admitted = await quick(tenant, gateway.dataPlaneUrl).then(
        () => true,
        () => false,
      );
      if (admitted) {
        freedAfterMs = performance.now() - killedAt;
        break;
      }
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(freedAfterMs).toBeDefined();
    expect(freedAfterMs).toBeLessThanOrEqual(LEASE_TTL_MS + 1_000);
  }, 30_000);

  it('keeps the lease of a request that outlives the lease ttl, and frees it when the request ends', async () => {
    const tenant = await tenantWith({ rateLimits: { perKey: { concurrentRequests: 1 } } });
    const { stream, iterator } = await openStream(tenant, gateway.dataPlaneUrl);
    await new Promise((done) => setTimeout(done, LEASE_TTL_MS * 2));
    await expect(quick(tenant, gateway.dataPlaneUrl)).rejects.toThrow(/concurrent requests/);
    // The client leaves mid-stream: the request settles and its slot is free at once.
    stream.controller.abort();
    await iterator.return?.();
    await new Promise((done) => setTimeout(done, 200));
    await expect(quick(tenant, gateway.dataPlaneUrl)).resolves.toBeDefined();
  }, 30_000);
});

describe('Redis outage', () => {
  let redis: PrivateRedis;
  let gateways: Awaited<ReturnType<typeof startGateway>>[] = [];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    gateways = await Promise.all(
      [1, 2].map(() =>
        startGateway({
          ...TEST_ENV,
          REDIS_URL: redis.url,
          NODE_ENV: 'test',
          GATEWAY_PLANES: 'data',
          DATA_PLANE_PORT: '0',
        }),
      ),
    );
    // Each instance counts the live ones at its heartbeat (every 5 s): let both see each other.
    await new Promise((done) => setTimeout(done, 5_500));
  }, 30_000);

  let redisDown = false;

  afterAll(async () => {
    if (redisDown) await redis.start(); // closing a gateway flushes to Redis
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await redis?.stop();
  });

  it('refuses with 503 under fail_closed, and shares the limit between live instances under fail_open', async () => {
    const closed = await tenantWith({
      rateLimits: { perKey: { requestsPerMinute: 100 }, onLimiterUnavailable: 'fail_closed' },
    });
    const open = await tenantWith({
      rateLimits: { perKey: { requestsPerMinute: 6 }, onLimiterUnavailable: 'fail_open' },
    });
    const url = gateways[0]!.dataPlaneUrl;
    await quick(closed, url);
    await quick(open, url);

    await redis.stop();
    redisDown = true;
    const refused = await quick(closed, url).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((refused as Error).message).toMatch(/Rate limiting is temporarily unavailable/);

    // 6 a minute between two live instances: this one admits 3 on its own, then refuses.
    const outcomes = [];
    for (let i = 0; i < 5; i += 1)
      outcomes.push(
        await quick(open, url).then(
          () => 'ok',
          (error: Error) => error.message,
        ),
      );
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    expect(outcomes[3]).toMatch(/Rate limit reached for requests per minute of this API key: limit 3/);

    // Redis back: the shared buckets decide again (one request used of 6 before the outage).
    await redis.start();
    redisDown = false;
    let back = false;
    for (let attempt = 0; attempt < 50 && !back; attempt += 1) {
      back = await quick(closed, url).then(
        () => true,
        () => false,
      );
      if (!back) await new Promise((done) => setTimeout(done, 200));
    }
    expect(back).toBe(true);
    await expect(quick(open, url)).resolves.toBeDefined();
  }, 60_000);
});
