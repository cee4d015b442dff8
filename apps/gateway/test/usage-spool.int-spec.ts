import OpenAI from 'openai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import { USAGE_STREAM_KEY, usageEventSchema } from '@llmguard/shared';
import { startGateway } from '../src/main';
import { addRoute, createTestTenant, ensureSlaTiers, type TestTenant } from './support/fixtures';
import { PrivateRedis } from './support/private-redis';
import { TEST_ENV } from './support/test-env';

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let privateRedis: PrivateRedis;
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let tenant: TestTenant;
let client: OpenAI;

beforeAll(async () => {
  privateRedis = await PrivateRedis.start();
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 4 });
  gateway = await startGateway({
    ...TEST_ENV,
    REDIS_URL: privateRedis.url,
    USAGE_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'llmguard-spool-test-')),
    DATA_PLANE_PORT: '0',
    CONTROL_PLANE_PORT: '0',
  });
  await ensureSlaTiers(prisma);
  tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('chat'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  client = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  await privateRedis?.stop();
  await prisma.$disconnect();
});

async function send(): Promise<string> {
  const { response } = await client.chat.completions
    .create({ model: tenant.alias('chat'), messages: [{ role: 'user', content: 'meter me' }] })
    .withResponse();
  return response.headers.get('x-request-id') ?? '';
}

async function streamedRequestIds(redis: Redis): Promise<string[]> {
  const entries = await redis.xrange(`${TEST_ENV.REDIS_KEY_PREFIX}${USAGE_STREAM_KEY}`, '-', '+');
  return entries.map(([, fields]) => usageEventSchema.parse(JSON.parse(fields[1] ?? '{}')).requestId);
}

describe('usage while Redis is away', () => {
  it('spools events locally and replays them in order, without duplicates, when Redis returns', async () => {
    const before = [await send(), await send()];
    // Let the events of before the outage reach Redis (publishing happens after the response).
    const early = new Redis(privateRedis.url);
    await expect.poll(async () => (await streamedRequestIds(early)).length, { timeout: 5_000 }).toBe(2);
    early.disconnect();
    await privateRedis.stop();
    // The key is in the gateway's memory and routes come from Postgres: serving goes on.
    const during = [await send(), await send(), await send()];
    await privateRedis.start();
    const after = [await send()];

    const redis = new Redis(privateRedis.url);
    try {
      const expected = [...during, ...after];
      let seen: string[] = [];
      for (let attempt = 0; attempt < 100 && seen.length < expected.length; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = await streamedRequestIds(redis);
      }
      // Redis kept nothing on disk, so the events sent before the outage went with it; every
      // event from the outage on is there once, in the order the requests were served.
      expect(seen).toEqual(expected);
      expect(before.every((requestId) => !seen.includes(requestId))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});
