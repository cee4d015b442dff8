import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import { randomBase62, type SessionResponse } from '@llmguard/shared';
import { startGateway } from '../src/main';
import { ApiClient } from './control-plane/support/api-client';
import { FAST_PASSWORD_HASHING, TEST_PASSWORD } from './control-plane/support/control-plane-harness';
import { addRoute, createTestTenant, ensureSlaTiers, type TestTenant } from './support/fixtures';
import { TEST_ENV } from './support/test-env';

// A suspended tenant's keys are refused on every gateway instance within a second, with a 403 `tenant_suspended`
// in the client's wire format (not a 401 "invalid key"), and reactivation restores service as fast.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
const redisKeyPrefix = `llmguard-test-suspend-${randomBase62(8).toLowerCase()}:`;
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateways: Awaited<ReturnType<typeof startGateway>>[] = [];
let tenant: TestTenant;
let admin: ApiClient;

beforeAll(async () => {
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 3 });
  const env = {
    ...TEST_ENV,
    ...FAST_PASSWORD_HASHING,
    NODE_ENV: 'test',
    REDIS_KEY_PREFIX: redisKeyPrefix,
    DATA_PLANE_PORT: '0',
    CONTROL_PLANE_PORT: '0',
  };
  gateways = await Promise.all([1, 2].map(() => startGateway(env)));
  await ensureSlaTiers(prisma);
  tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('chat'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });

  admin = new ApiClient(gateways[0]!.controlPlaneUrl);
  const signUp = await admin.post<SessionResponse>('/api/auth/signup', {
    email: `admin-${randomBase62(8).toLowerCase()}@example.test`,
    password: TEST_PASSWORD,
    name: 'Platform Admin',
  });
  await prisma.user.update({ where: { id: signUp.body.user.id }, data: { isPlatformAdmin: true } });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await upstream?.close();
  await prisma.$disconnect();
  // Leave nothing behind in the shared test Redis database.
  const keys = await redis.keys(`${redisKeyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function ask(gatewayUrl: string) {
  const client = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
  return client.chat.completions.create({
    model: tenant.alias('chat'),
    messages: [{ role: 'user', content: 'hi' }],
  });
}

type Outcome = 'accepted' | 'suspended' | 'other';

async function outcomeOf(gatewayUrl: string): Promise<Outcome> {
  return ask(gatewayUrl).then(
    () => 'accepted',
    (error: unknown) =>
      error instanceof OpenAI.PermissionDeniedError && error.code === 'tenant_suspended'
        ? 'suspended'
        : 'other',
  );
}

/** Polls until the gateway answers with `wanted`, or the deadline passes; returns the time it took. */
async function msUntil(wanted: Outcome, gatewayUrl: string, deadlineMs: number): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < deadlineMs) {
    if ((await outcomeOf(gatewayUrl)) === wanted) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Number.POSITIVE_INFINITY;
}

describe('suspending a tenant', () => {
  it('refuses its keys on every instance within one second with 403 tenant_suspended', async () => {
    // Warm both instances' caches (and the shared one), so only the invalidation can make them refuse.
    for (const gateway of gateways) await expect(ask(gateway.dataPlaneUrl)).resolves.toBeTruthy();

    const suspended = await admin.post(`/api/admin/tenants/${tenant.tenantId}/suspend`, { reason: 'unpaid' });
    expect(suspended.status).toBe(200);

    const delays = await Promise.all(
      gateways.map((gateway) => msUntil('suspended', gateway.dataPlaneUrl, 1_000)),
    );
    for (const delay of delays) expect(delay).toBeLessThan(1_000);
  });

  it('answers in the OpenAI and the Anthropic error shapes', async () => {
    const headers = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
    const openai = await fetch(`${gateways[1]!.dataPlaneUrl}/v1/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ model: tenant.alias('chat'), messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(openai.status).toBe(403);
    expect(await openai.json()).toMatchObject({
      error: {
        type: 'permission_error',
        code: 'tenant_suspended',
        message: expect.stringContaining('suspended'),
      },
    });

    const anthropic = await fetch(`${gateways[1]!.dataPlaneUrl}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': tenant.apiKey,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: tenant.alias('chat'),
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(anthropic.status).toBe(403);
    expect(await anthropic.json()).toMatchObject({
      type: 'error',
      error: { type: 'permission_error', message: expect.stringContaining('suspended') },
    });
  });

  it('restores service on every instance within one second of reactivation', async () => {
    const reactivated = await admin.post(`/api/admin/tenants/${tenant.tenantId}/reactivate`);
    expect(reactivated.status).toBe(200);

    const delays = await Promise.all(
      gateways.map((gateway) => msUntil('accepted', gateway.dataPlaneUrl, 1_000)),
    );
    for (const delay of delays) expect(delay).toBeLessThan(1_000);
  });
});
