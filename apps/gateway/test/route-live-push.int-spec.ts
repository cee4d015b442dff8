import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import type { RouteView, SessionResponse } from '@llmguard/shared';
import { startGateway } from '../src/main';
import { ApiClient } from './control-plane/support/api-client';
import {
  FAST_PASSWORD_HASHING,
  TEST_PASSWORD,
  uniqueEmail,
  uniqueTag,
} from './control-plane/support/control-plane-harness';
import { ensureSlaTiers } from './support/fixtures';
import { TEST_ENV } from './support/test-env';

// Route changes made through the control plane reach every gateway instance within a second (Redis pub/sub), and a
// gateway whose subscription dropped forgets its cached routes when it reconnects. The upstream requires a key, so
// every answer also proves the credential was sealed, stored and opened again on both instances.

const UPSTREAM_KEY = 'sk-demo-upstream-key-0123456789';
const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateways: Awaited<ReturnType<typeof startGateway>>[] = [];
let owner: ApiClient;
let routesPath: string;
let apiKey: string;
const platformRouteIds: string[] = [];

async function signUp(controlPlaneUrl: string): Promise<{ client: ApiClient; userId: string }> {
  const client = new ApiClient(controlPlaneUrl);
  const response = await client.post<SessionResponse>('/api/auth/signup', {
    email: uniqueEmail('routes'),
    password: TEST_PASSWORD,
    name: 'Route Owner',
  });
  expect(response.status).toBe(201);
  return { client, userId: response.body.user.id };
}

beforeAll(async () => {
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 3, apiKey: UPSTREAM_KEY });
  await ensureSlaTiers(prisma);
  gateways = await Promise.all(
    [1, 2].map(() =>
      startGateway({ ...TEST_ENV, ...FAST_PASSWORD_HASHING, DATA_PLANE_PORT: '0', CONTROL_PLANE_PORT: '0' }),
    ),
  );
  owner = (await signUp(gateways[0]!.controlPlaneUrl)).client;
  const slug = `routes-${uniqueTag()}`;
  expect((await owner.post('/api/tenants', { slug, name: 'Route push' })).status).toBe(201);
  routesPath = `/api/tenants/${slug}/routes`;
  const issued = await owner.post<{ secret: string }>(`/api/tenants/${slug}/api-keys`, { name: 'sdk' });
  apiKey = issued.body.secret;
});

afterAll(async () => {
  // Platform routes are seen by every tenant: leave none behind for other suites.
  await prisma.modelRoute.deleteMany({ where: { id: { in: platformRouteIds } } });
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await upstream?.close();
  await prisma.$disconnect();
  redis.disconnect();
});

function routeBody(alias: string, upstreamModel: string) {
  return {
    alias,
    deployments: [
      {
        name: 'demo',
        provider: 'openai',
        baseUrl: `${upstream.url}/v1`,
        upstreamModel,
        inputPriceMicrosPerMillion: 150_000,
        outputPriceMicrosPerMillion: 600_000,
        credential: UPSTREAM_KEY,
      },
    ],
  };
}

/** What one gateway answers for a model now: the upstream model that served it, or the HTTP status of the error. */
async function servedBy(dataPlaneUrl: string, model: string): Promise<string | number> {
  const client = new OpenAI({ apiKey, baseURL: `${dataPlaneUrl}/v1`, maxRetries: 0 });
  try {
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'hi' }],
    });
    return completion.model;
  } catch (error) {
    if (error instanceof OpenAI.APIError && error.status !== undefined) return error.status;
    throw error;
  }
}

/** Polls every gateway until each answers `expected`; returns how long each took (Infinity past the deadline). */
async function msUntilEveryGateway(model: string, expected: string | number, deadlineMs: number) {
  return Promise.all(
    gateways.map(async (gateway) => {
      const startedAt = Date.now();
      while (Date.now() - startedAt < deadlineMs) {
        if ((await servedBy(gateway.dataPlaneUrl, model)) === expected) return Date.now() - startedAt;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return Number.POSITIVE_INFINITY;
    }),
  );
}

describe('route changes across gateway instances', () => {
  it('serves a new tenant route on both instances, with its sealed credential', async () => {
    const alias = `chat-${uniqueTag()}`;
    // Both instances cache the tenant's routes without this alias first, so only the push can make it appear.
    for (const gateway of gateways) expect(await servedBy(gateway.dataPlaneUrl, alias)).toBe(404);
    const created = await owner.post<RouteView>(routesPath, routeBody(alias, 'demo-model-a'));
    expect(created.status).toBe(201);
    for (const delay of await msUntilEveryGateway(alias, 'demo-model-a', 1_000))
      expect(delay).toBeLessThan(1_000);
  });

  it('follows an upstream model change and a disabled route within a second on both instances', async () => {
    const alias = `chat-${uniqueTag()}`;
    const created = await owner.post<RouteView>(routesPath, routeBody(alias, 'demo-model-a'));
    const routePath = `${routesPath}/${created.body.id}`;
    // Warm both instances' caches, so only the push (not the 30 s expiry) can change what they serve.
    for (const gateway of gateways) expect(await servedBy(gateway.dataPlaneUrl, alias)).toBe('demo-model-a');

    const deployment = { ...routeBody(alias, 'demo-model-b').deployments[0] };
    delete (deployment as { credential?: string }).credential; // omitted: the stored credential is kept
    expect((await owner.patch(routePath, { deployments: [deployment] })).status).toBe(200);
    for (const delay of await msUntilEveryGateway(alias, 'demo-model-b', 1_000))
      expect(delay).toBeLessThan(1_000);

    expect((await owner.patch(routePath, { enabled: false })).status).toBe(200);
    for (const delay of await msUntilEveryGateway(alias, 404, 1_000)) expect(delay).toBeLessThan(1_000);

    expect((await owner.post(`${routePath}/versions/2/restore`, { comment: 'back on' })).status).toBe(200);
    for (const delay of await msUntilEveryGateway(alias, 'demo-model-b', 1_000))
      expect(delay).toBeLessThan(1_000);
  });

  it('pushes a platform route change to the tenants that use it', async () => {
    const admin = await signUp(gateways[1]!.controlPlaneUrl);
    await prisma.user.update({ where: { id: admin.userId }, data: { isPlatformAdmin: true } });
    const alias = `platform-chat-${uniqueTag()}`;
    const created = await admin.client.post<RouteView>('/api/admin/routes', routeBody(alias, 'demo-model-a'));
    expect(created.status).toBe(201);
    platformRouteIds.push(created.body.id);
    for (const delay of await msUntilEveryGateway(alias, 'demo-model-a', 1_000))
      expect(delay).toBeLessThan(1_000);

    const deployment = { ...routeBody(alias, 'demo-model-c').deployments[0] };
    const changed = await admin.client.patch(`/api/admin/routes/${created.body.id}`, {
      deployments: [deployment],
    });
    expect(changed.status).toBe(200);
    for (const delay of await msUntilEveryGateway(alias, 'demo-model-c', 1_000))
      expect(delay).toBeLessThan(1_000);
  });

  it('forgets cached routes when the invalidation subscription reconnects (messages may have been missed)', async () => {
    const alias = `chat-${uniqueTag()}`;
    const created = await owner.post<RouteView>(routesPath, routeBody(alias, 'demo-model-a'));
    for (const gateway of gateways) expect(await servedBy(gateway.dataPlaneUrl, alias)).toBe('demo-model-a');

    // A change no message announces (written directly), then the subscription connections drop and come back.
    await prisma.deployment.updateMany({
      where: { routeId: created.body.id },
      data: { upstreamModel: 'demo-model-d' },
    });
    const clients = (await redis.client('LIST')) as string;
    const subscriberIds = clients
      .split('\n')
      .filter((line) => / name=llmguard-gateway-key-events /.test(line))
      .map((line) => /^id=(\d+) /.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(subscriberIds.length).toBeGreaterThanOrEqual(2);
    for (const id of subscriberIds) await redis.client('KILL', 'ID', id);

    for (const delay of await msUntilEveryGateway(alias, 'demo-model-d', 3_000))
      expect(delay).toBeLessThan(3_000);
  });
});
