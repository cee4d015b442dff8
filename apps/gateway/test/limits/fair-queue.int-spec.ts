import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import { newId, randomBase62 } from '@llmguard/shared';
import { startGateway } from '../../src/main';
import { createTestTenant, ensureSlaTiers, setTenantPolicy, type TestTenant } from '../support/fixtures';
import { TEST_ENV } from '../support/test-env';

// A platform deployment shared by every tenant, with room for 2 requests at a time (each takes ~150 ms upstream).
// When it is saturated, requests queue fairly between tenants: one tenant's burst does not starve another's
// steady traffic, and a heavier tier gets the larger share.

const SERVICE_MS = 150;
// The tier defaults in the shared test database may cap a tenant (e.g. 20 concurrent requests): the bursts here
// must reach the deployment's queue, not the tenant's own limits.
const ROOMY_TENANT_LIMITS = {
  concurrentRequests: 1_000,
  requestsPerMinute: 100_000,
  tokensPerMinute: 100_000_000,
};
const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let alias: string;

beforeAll(async () => {
  upstream = await startDemoUpstream({ port: 0, ttftMs: SERVICE_MS, itlMs: 0, tokens: 1 });
  gateway = await startGateway({
    ...TEST_ENV,
    NODE_ENV: 'test',
    GATEWAY_PLANES: 'data',
    DATA_PLANE_PORT: '0',
  });
  await ensureSlaTiers(prisma);
  alias = `shared-${randomBase62(6).toLowerCase()}`;
  const routeId = newId('rte');
  await prisma.modelRoute.create({
    data: { id: routeId, tenantId: null, alias, strategy: 'weighted', config: {} },
  });
  await prisma.deployment.create({
    data: {
      id: newId('dep'),
      routeId,
      name: `${alias}-gpu`,
      provider: 'openai',
      baseUrl: `${upstream.url}/v1`,
      upstreamModel: 'demo-model-1',
      inputPriceMicrosPerMillion: 0n,
      outputPriceMicrosPerMillion: 0n,
      cachedInputPriceMicrosPerMillion: 0n,
      maxConcurrentRequests: 2,
    },
  });
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await prisma.modelRoute.deleteMany({ where: { alias } });
  await prisma.$disconnect();
});

async function tenant(fairShareWeight: number): Promise<TestTenant> {
  const created = await createTestTenant(prisma);
  await setTenantPolicy(prisma, created.tenantId, {
    rateLimits: { fairShareWeight, maxQueueWaitMs: 60_000, tenant: ROOMY_TENANT_LIMITS },
  });
  return created;
}

function ask(who: TestTenant): Promise<unknown> {
  return new OpenAI({
    apiKey: who.apiKey,
    baseURL: `${gateway.dataPlaneUrl}/v1`,
    maxRetries: 0,
  }).chat.completions.create({
    model: alias,
    messages: [{ role: 'user', content: 'Hi' }],
  });
}

describe('fair queue of a saturated deployment', () => {
  it("serves a steady tenant promptly while another tenant's burst of 40 waits", async () => {
    const bursty = await tenant(1);
    const steady = await tenant(1);
    const burstStart = performance.now();
    let burstDoneAt = 0;
    const burst = Promise.all(Array.from({ length: 40 }, () => ask(bursty))).then(
      () => (burstDoneAt = performance.now()),
    );
    await new Promise((done) => setTimeout(done, 2 * SERVICE_MS));
    const steadyLatencies: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const start = performance.now();
      await ask(steady);
      steadyLatencies.push(performance.now() - start);
    }
    const steadyDoneAt = performance.now();
    await burst;
    // First come, first served would make each steady request wait for the whole burst ahead of it (~3 s): fair
    // queuing lets it in at the next free slot (one service time at most), plus its own service time. Measured
    // against the burst's own duration, so a loaded machine slows both sides alike.
    expect(steadyDoneAt).toBeLessThan(burstDoneAt);
    expect(Math.max(...steadyLatencies)).toBeLessThan((burstDoneAt - burstStart) / 3);
    // The burst was served throughout at the deployment's capacity: 2 at a time.
    expect(burstDoneAt - burstStart).toBeGreaterThan((40 / 2) * SERVICE_MS);
  }, 60_000);

  it('gives a tenant of weight 3 three times the share of a tenant of weight 1 while both wait', async () => {
    const heavy = await tenant(3);
    const light = await tenant(1);
    const order: string[] = [];
    const run = (who: TestTenant, name: string) => ask(who).then(() => order.push(name));
    await Promise.all([
      ...Array.from({ length: 24 }, () => run(light, 'light')),
      ...Array.from({ length: 24 }, () => run(heavy, 'heavy')),
    ]);
    // While both had requests waiting (the first 24 completions, say), about 3 in 4 went to the heavy tenant.
    const heavyShare = order.slice(0, 24).filter((name) => name === 'heavy').length / 24;
    expect(heavyShare).toBeGreaterThan(0.6);
    expect(heavyShare).toBeLessThan(0.9);
  }, 60_000);

  it('refuses with 503 when the wait exceeds the policy', async () => {
    const impatient = await createTestTenant(prisma);
    await setTenantPolicy(prisma, impatient.tenantId, {
      rateLimits: { maxQueueWaitMs: 50, tenant: ROOMY_TENANT_LIMITS },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        ask(impatient).then(
          () => 'ok',
          (error: InstanceType<typeof OpenAI.APIError>) => error.status,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'ok').length).toBeGreaterThanOrEqual(2);
    expect(outcomes).toContain(503);
  }, 30_000);
});
