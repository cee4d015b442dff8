import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import { publishKeyInvalidation } from '@llmguard/server';
import { hashApiKey } from '@llmguard/shared';
import { startGateway } from '../src/main';
import { addRoute, createTestTenant, ensureSlaTiers, type TestTenant } from './support/fixtures';
import { TEST_ENV } from './support/test-env';

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateways: Awaited<ReturnType<typeof startGateway>>[] = [];
let tenant: TestTenant;

beforeAll(async () => {
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 3 });
  gateways = await Promise.all(
    [1, 2].map(() => startGateway({ ...TEST_ENV, DATA_PLANE_PORT: '0', CONTROL_PLANE_PORT: '0' })),
  );
  await ensureSlaTiers(prisma);
  tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('chat'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await upstream?.close();
  await prisma.$disconnect();
  redis.disconnect();
});

function ask(gatewayUrl: string) {
  const client = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
  return client.chat.completions.create({
    model: tenant.alias('chat'),
    messages: [{ role: 'user', content: 'hi' }],
  });
}

/** Polls until `attempt` rejects with a 401, or the deadline passes; returns the time it took. */
async function msUntilRefused(attempt: () => Promise<unknown>, deadlineMs: number): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < deadlineMs) {
    const outcome = await attempt().then(
      () => 'accepted',
      (error: unknown) => (error instanceof OpenAI.AuthenticationError ? 'refused' : 'other'),
    );
    if (outcome === 'refused') return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Number.POSITIVE_INFINITY;
}

describe('key revocation across gateway instances', () => {
  it('refuses a revoked key on every instance within one second', async () => {
    // Warm both instances' caches, so only invalidation (not expiry) can make them refuse.
    for (const gateway of gateways) await expect(ask(gateway.dataPlaneUrl)).resolves.toBeTruthy();

    await prisma.apiKey.update({ where: { id: tenant.apiKeyId }, data: { revokedAt: new Date() } });
    await publishKeyInvalidation(redis, TEST_ENV.REDIS_KEY_PREFIX, {
      keyHashes: [hashApiKey(tenant.apiKey)],
    });

    const delays = await Promise.all(
      gateways.map((gateway) => msUntilRefused(() => ask(gateway.dataPlaneUrl), 1_000)),
    );
    for (const delay of delays) expect(delay).toBeLessThan(1_000);
  });

  it('refuses an expired key without any message', async () => {
    const expiring = await createTestTenant(prisma);
    await addRoute(prisma, expiring, {
      alias: expiring.alias('chat'),
      provider: 'openai',
      baseUrl: `${upstream.url}/v1`,
    });
    await prisma.apiKey.update({
      where: { id: expiring.apiKeyId },
      data: { expiresAt: new Date(Date.now() + 1_500) },
    });
    const client = new OpenAI({
      apiKey: expiring.apiKey,
      baseURL: `${gateways[0]!.dataPlaneUrl}/v1`,
      maxRetries: 0,
    });
    const call = () =>
      client.chat.completions.create({
        model: expiring.alias('chat'),
        messages: [{ role: 'user', content: 'hi' }],
      });
    await expect(call()).resolves.toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await expect(call()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
