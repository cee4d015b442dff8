import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { credentialSealerFromEnv } from '@llmguard/server';
import {
  endpointPath,
  gatewayEnvSchema,
  parseEnv,
  platformRoutesContract,
  tenantRoutesContract,
  type RouteVersionSummary,
  type RouteVersionView,
  type RouteView,
} from '@llmguard/shared';
import { OWNER_DATABASE_URL } from '../support/test-env';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';

// Tenant routes over HTTP against real Postgres: strict validation naming the field, write-only credentials sealed
// per deployment, one immutable version and one audit entry per change, restore, and tenant isolation.

const SECRET = 'sk-live-provider-secret-9f8e7d6c';
let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Page<Item> = { data: Item[]; nextCursor: string | null };

async function tenant() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  return { slug, tenantId, owner, client: owner.client, routes: `/api/tenants/${slug}/routes` };
}

function deployment(overrides: Record<string, unknown> = {}) {
  return {
    name: 'primary',
    provider: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    upstreamModel: 'gpt-4o-mini',
    inputPriceMicrosPerMillion: 150_000,
    outputPriceMicrosPerMillion: 600_000,
    ...overrides,
  };
}

function routeBody(overrides: Record<string, unknown> = {}) {
  return { alias: `gpt-${uniqueTag()}`, deployments: [deployment({ credential: SECRET })], ...overrides };
}

async function createRoute(client: ApiClient, routes: string, body = routeBody()) {
  const response = await client.post<RouteView>(routes, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('creating a route', () => {
  it('stores the credential sealed for its deployment and shows only that there is one and its last four', async () => {
    const { client, routes, tenantId } = await tenant();
    const route = await createRoute(client, routes);
    expect(route).toMatchObject({
      tenantId,
      strategy: 'weighted',
      enabled: true,
      version: 1,
      deployments: [
        {
          name: 'primary',
          weight: 1,
          priority: 0,
          tags: [],
          cachedInputPriceMicrosPerMillion: 150_000,
          hasCredential: true,
          credentialLastFour: SECRET.slice(-4),
        },
      ],
    });
    expect(JSON.stringify(route)).not.toContain(SECRET.slice(0, -4));

    const row = await harness.prisma.deployment.findUniqueOrThrow({
      where: { id: route.deployments[0]!.id },
    });
    expect(row.encryptedCredential).toMatch(/^v2\./);
    expect(row.encryptedCredential).not.toContain(SECRET);
    // The sealed value opens with the gateway's keys, and only for this deployment.
    const sealer = credentialSealerFromEnv(parseEnv('test', gatewayEnvSchema, {}));
    expect(sealer.open(row.encryptedCredential!, row.id)).toBe(SECRET);
    expect(() => sealer.open(row.encryptedCredential!, 'dep_0000000000000000000000')).toThrow();
  });

  it('records version 1 and one audit entry, neither holding the secret', async () => {
    const { client, routes, tenantId, owner } = await tenant();
    const route = await createRoute(client, routes, routeBody({ comment: 'first cut' }));

    const versions = await client.get<Page<RouteVersionSummary>>(`${routes}/${route.id}/versions`);
    expect(versions.body.data).toEqual([
      expect.objectContaining({
        version: 1,
        action: 'created',
        comment: 'first cut',
        author: { type: 'user', id: owner.id },
      }),
    ]);
    const entries = await harness.prisma.auditLogEntry.findMany({ where: { tenantId, targetId: route.id } });
    expect(entries.map((entry) => entry.action)).toEqual(['route.created']);
    const recorded = JSON.stringify(entries.map((entry) => [entry.before, entry.after]));
    expect(recorded).toContain(SECRET.slice(-4));
    expect(recorded).not.toContain(SECRET);
    expect(recorded).not.toContain('v2.');
  });

  it('refuses invalid bodies with a 400 naming each field', async () => {
    const { client, routes } = await tenant();
    const cases: [unknown, string][] = [
      [
        routeBody({ deployments: [deployment({ baseUrl: 'ftp://files.example.com' })] }),
        'body.deployments.0.baseUrl',
      ],
      [
        routeBody({ deployments: [deployment({ baseUrl: 'https://user:pw@x.example/v1' })] }),
        'body.deployments.0.baseUrl',
      ],
      [routeBody({ alias: 'has space' }), 'body.alias'],
      [routeBody({ alias: '-leading-dash' }), 'body.alias'],
      [routeBody({ strategy: 'random' }), 'body.strategy'],
      [routeBody({ deployments: [deployment(), deployment()] }), 'body.deployments.1.name'],
      [routeBody({ deployments: [deployment({ enabled: false })] }), 'body.deployments'],
      [routeBody({ deployments: [] }), 'body.deployments'],
      [routeBody({ deployments: [deployment({ provider: 'bedrock' })] }), 'body.deployments.0.provider'],
      [routeBody({ deployments: [deployment({ weight: -1 })] }), 'body.deployments.0.weight'],
      [
        routeBody({ deployments: [deployment({ timeouts: { connectMs: 0 } })] }),
        'body.deployments.0.timeouts.connectMs',
      ],
      [routeBody({ owner: 'someone' }), 'body.owner'],
      [
        routeBody({ config: { prefixAffinity: { loadFactor: 0.5 } } }),
        'body.config.prefixAffinity.loadFactor',
      ],
      [
        routeBody({ config: { prefixAffinity: { prefixChars: 1.5 } } }),
        'body.config.prefixAffinity.prefixChars',
      ],
      [routeBody({ config: { latency: { explorationRate: 2 } } }), 'body.config.latency.explorationRate'],
      [routeBody({ config: { sticky: { enabled: 'yes' } } }), 'body.config.sticky.enabled'],
      [routeBody({ config: { roundRobin: {} } }), 'body.config.roundRobin'],
    ];
    for (const [body, location] of cases) {
      const response = await client.post(routes, body);
      expect(response.status, location).toBe(400);
      const error = errorOf(response);
      expect(error.code).toBe('validation_failed');
      expect(
        error.errors?.map((detail) => detail.location),
        location,
      ).toContain(location);
    }
  });

  it('refuses a second route with the same alias (409) but lets a tenant override a platform alias', async () => {
    const { client, routes } = await tenant();
    const body = routeBody();
    await createRoute(client, routes, body);
    const again = await client.post(routes, body);
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('conflict');
    // demo-chat is a platform route in a seeded database; a tenant route of that alias is allowed either way.
    await createRoute(client, routes, routeBody({ alias: 'demo-chat' }));
  });
});

describe('changing a route', () => {
  it('keeps a credential that is not sent, replaces or removes one that is, and bumps the version', async () => {
    const { client, routes } = await tenant();
    const route = await createRoute(client, routes);
    const path = `${routes}/${route.id}`;
    const sealedBefore = (await harness.prisma.deployment.findFirstOrThrow({ where: { routeId: route.id } }))
      .encryptedCredential;

    const moved = await client.patch<RouteView>(path, {
      deployments: [deployment({ upstreamModel: 'gpt-4o' }), deployment({ name: 'backup', priority: 1 })],
      comment: 'bigger model',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.version).toBe(2);
    const [primary, backup] = moved.body.deployments;
    expect(primary).toMatchObject({
      id: route.deployments[0]!.id,
      upstreamModel: 'gpt-4o',
      hasCredential: true,
    });
    expect(backup).toMatchObject({ name: 'backup', hasCredential: false });
    const sealedAfter = (await harness.prisma.deployment.findUniqueOrThrow({ where: { id: primary!.id } }))
      .encryptedCredential;
    expect(sealedAfter).toBe(sealedBefore);

    const cleared = await client.patch<RouteView>(path, { deployments: [deployment({ credential: null })] });
    expect(cleared.body.deployments).toEqual([
      expect.objectContaining({ name: 'primary', hasCredential: false, credentialLastFour: null }),
    ]);
    expect(cleared.body.version).toBe(3);
  });

  it('stores strategy settings beside the timeouts, in every version, and replaces them as a whole', async () => {
    const { client, routes } = await tenant();
    const prefixAffinity = { prefixChars: 4096, loadFactor: 1.5 };
    const route = await createRoute(
      client,
      routes,
      routeBody({ strategy: 'prefix_affinity', timeouts: { totalMs: 90_000 }, config: { prefixAffinity } }),
    );
    expect(route).toMatchObject({
      strategy: 'prefix_affinity',
      config: { prefixAffinity },
      timeouts: { totalMs: 90_000 },
    });
    const row = await harness.prisma.modelRoute.findUniqueOrThrow({ where: { id: route.id } });
    expect(row.config).toEqual({ timeouts: { totalMs: 90_000 }, prefixAffinity });

    const path = `${routes}/${route.id}`;
    const latency = { halfLifeMs: 10_000 };
    const changed = await client.patch<RouteView>(path, { strategy: 'lowest_latency', config: { latency } });
    expect(changed.body).toMatchObject({ config: { latency }, timeouts: { totalMs: 90_000 } });
    expect(changed.body.config.prefixAffinity).toBeUndefined();
    // Timeouts alone leave the settings as they are.
    const retimed = await client.patch<RouteView>(path, { timeouts: null });
    expect(retimed.body).toMatchObject({ config: { latency }, timeouts: null });

    const first = await client.get<RouteVersionView>(`${path}/versions/1`);
    expect(first.body.route).toMatchObject({ strategy: 'prefix_affinity', config: { prefixAffinity } });
    const restored = await client.post<RouteView>(`${path}/versions/1/restore`, {});
    expect(restored.body).toMatchObject({ config: { prefixAffinity }, timeouts: { totalMs: 90_000 } });
  });

  it('answers 409 when expectedVersion is not the current version', async () => {
    const { client, routes } = await tenant();
    const route = await createRoute(client, routes);
    const path = `${routes}/${route.id}`;
    expect((await client.patch(path, { description: 'one', expectedVersion: 1 })).status).toBe(200);
    const stale = await client.patch(path, { description: 'two', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect((await client.get<RouteView>(path)).body.description).toBe('one');
  });

  it('refuses an update that changes nothing (400)', async () => {
    const { client, routes } = await tenant();
    const route = await createRoute(client, routes);
    const response = await client.patch(`${routes}/${route.id}`, { comment: 'nothing else' });
    expect(response.status).toBe(400);
  });
});

describe('deleting and restoring', () => {
  it('deletes a route, keeps its history, and restores it with its id, deployments and credential', async () => {
    const { client, routes, tenantId } = await tenant();
    const route = await createRoute(client, routes);
    const path = `${routes}/${route.id}`;
    await client.patch(path, { description: 'second' });

    const deleted = await client.delete(path, { query: { comment: 'retired' } });
    expect(deleted.status).toBe(204);
    expect((await client.get(path)).status).toBe(404);
    const history = await client.get<Page<RouteVersionSummary>>(`${path}/versions`);
    expect(history.body.data.map((entry) => [entry.version, entry.action, entry.comment])).toEqual([
      [3, 'deleted', 'retired'],
      [2, 'updated', null],
      [1, 'created', null],
    ]);

    const version1 = await client.get<RouteVersionView>(`${path}/versions/1`);
    expect(version1.body.route).toMatchObject({ alias: route.alias, description: null });
    expect(JSON.stringify(version1.body)).not.toContain('v2.');

    const restored = await client.post<RouteView>(`${path}/versions/1/restore`, { comment: 'back' });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: route.id, version: 4, description: null });
    expect(restored.body.deployments).toEqual([
      expect.objectContaining({ id: route.deployments[0]!.id, hasCredential: true }),
    ]);
    const row = await harness.prisma.deployment.findUniqueOrThrow({
      where: { id: route.deployments[0]!.id },
    });
    const sealer = credentialSealerFromEnv(parseEnv('test', gatewayEnvSchema, {}));
    expect(sealer.open(row.encryptedCredential!, row.id)).toBe(SECRET);

    const latest = await client.get<Page<RouteVersionSummary>>(`${path}/versions`, { query: { limit: 1 } });
    expect(latest.body.data[0]).toMatchObject({ version: 4, action: 'restored', restoredFromVersion: 1 });
    expect(latest.body.nextCursor).toBe('4');
    const actions = await harness.prisma.auditLogEntry.findMany({
      where: { tenantId, targetId: route.id },
      orderBy: { sequence: 'asc' },
    });
    expect(actions.map((entry) => entry.action)).toEqual([
      'route.created',
      'route.updated',
      'route.deleted',
      'route.restored',
    ]);
  });

  it('refuses a restore whose alias is taken by another route now (409)', async () => {
    const { client, routes } = await tenant();
    const route = await createRoute(client, routes);
    await client.delete(`${routes}/${route.id}`);
    await createRoute(client, routes, routeBody({ alias: route.alias }));
    const response = await client.post(`${routes}/${route.id}/versions/1/restore`, {});
    expect(response.status).toBe(409);
  });

  it('404s a version that does not exist, and 400s a version that is not a number', async () => {
    const { client, routes } = await tenant();
    const route = await createRoute(client, routes);
    expect((await client.get(`${routes}/${route.id}/versions/9`)).status).toBe(404);
    expect((await client.post(`${routes}/${route.id}/versions/9/restore`, {})).status).toBe(404);
    expect((await client.get(`${routes}/${route.id}/versions/abc`)).status).toBe(400);
    expect((await client.get(`${routes}/rte_0000000000000000000000/versions`)).status).toBe(404);
  });

  it('keeps versions immutable in the database: UPDATE and DELETE raise', async () => {
    const { client, routes } = await tenant();
    const route = await createRoute(client, routes);
    // The application role may not even try; the trigger stops the tables' owner too.
    await expect(
      harness.prisma
        .$executeRaw`UPDATE model_route_versions SET comment = 'edited' WHERE route_id = ${route.id}`,
    ).rejects.toThrow(/permission denied/);
    const owner = createPrismaClient(OWNER_DATABASE_URL);
    try {
      await expect(
        owner.$executeRaw`UPDATE model_route_versions SET comment = 'edited' WHERE route_id = ${route.id}`,
      ).rejects.toThrow(/immutable/);
      await expect(
        owner.$executeRaw`DELETE FROM model_route_versions WHERE route_id = ${route.id}`,
      ).rejects.toThrow(/immutable/);
    } finally {
      await owner.$disconnect();
    }
  });
});

describe('master key rotation through the API', () => {
  it('restores a version sealed under an older master key, and refuses one whose key is gone (409)', async () => {
    const { client, routes, slug, owner } = await tenant();
    const route = await createRoute(client, routes);
    const path = `/api/tenants/${slug}/routes/${route.id}`;
    await client.patch(path, { description: 'under the old key' });

    // A gateway whose current master key is new, the old one (derived from CREDENTIAL_ENCRYPTION_KEY) kept.
    const rotatedKey = `k2:${randomBytes(32).toString('base64')}`;
    const rotated = await startControlPlane({ CREDENTIAL_MASTER_KEYS: rotatedKey });
    // And one that no longer has the old key at all.
    const forgetful = await startControlPlane({
      CREDENTIAL_MASTER_KEYS: rotatedKey,
      CREDENTIAL_ENCRYPTION_KEY: 'another-secret-with-more-than-32-characters',
    });
    try {
      const login = async (plane: ControlPlaneHarness) => {
        const browser = plane.client();
        await browser.post('/api/auth/login', { email: owner.email, password: owner.password });
        return browser;
      };
      const refused = await (await login(forgetful)).post(`${path}/versions/1/restore`, {});
      expect(refused.status).toBe(409);
      expect(errorOf(refused).message).toMatch(/master key/);

      const restored = await (await login(rotated)).post<RouteView>(`${path}/versions/1/restore`, {});
      expect(restored.status).toBe(200);
      const row = await harness.prisma.deployment.findUniqueOrThrow({
        where: { id: route.deployments[0]!.id },
      });
      // Re-wrapped under the current key on restore, so the old key can be retired.
      expect(row.encryptedCredential).toMatch(/^v2\.k2\./);
    } finally {
      await rotated.close();
      await forgetful.close();
    }
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another tenant's route on every endpoint, exactly like a missing route", async () => {
    const a = await tenant();
    const b = await tenant();
    const route = await createRoute(a.client, a.routes);
    const foreign = `${b.routes}/${route.id}`;
    const missing = errorOf(await b.client.get(`${b.routes}/rte_0000000000000000000000`));
    const calls = [
      () => b.client.get(foreign),
      () => b.client.patch(foreign, { description: 'mine now' }),
      () => b.client.delete(foreign),
      () => b.client.get(`${foreign}/versions`),
      () => b.client.get(`${foreign}/versions/1`),
      () => b.client.post(`${foreign}/versions/1/restore`, {}),
    ];
    for (const call of calls) {
      const response = await call();
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe(missing.code);
    }
    expect((await b.client.get(foreign)).body).toMatchObject({ error: { message: missing.message } });
    expect((await b.client.get<Page<RouteView>>(b.routes)).body.data).toEqual([]);
    expect((await a.client.get<RouteView>(`${a.routes}/${route.id}`)).body.version).toBe(1);
  });

  it('lists only its own routes, by alias, in bounded pages', async () => {
    const { client, routes } = await tenant();
    for (const alias of ['b-model', 'a-model', 'c-model'])
      await createRoute(client, routes, routeBody({ alias }));
    const first = await client.get<Page<RouteView>>(routes, { query: { limit: 2 } });
    expect(first.body.data.map((route) => route.alias)).toEqual(['a-model', 'b-model']);
    const second = await client.get<Page<RouteView>>(routes, {
      query: { limit: 2, cursor: first.body.nextCursor! },
    });
    expect(second.body.data.map((route) => route.alias)).toEqual(['c-model']);
    expect((await client.get(routes, { query: { limit: 101 } })).status).toBe(400);
  });
});

describe('authentication', () => {
  const endpoints = [...Object.values(tenantRoutesContract), ...Object.values(platformRoutesContract)];

  it('answers 401 without a session and 403 csrf_failed to a session without the CSRF header', async () => {
    const { slug, client } = await tenant();
    const params = { tenantSlug: slug, routeId: 'rte_0000000000000000000000', version: '1' };
    for (const endpoint of endpoints) {
      const path = endpointPath(endpoint.path, params);
      const body = endpoint.method === 'GET' || endpoint.method === 'DELETE' ? undefined : {};
      const anonymous = await harness.client().request(endpoint.method, path, { body });
      expect(anonymous.status, `${endpoint.method} ${endpoint.path}`).toBe(401);
      if (endpoint.method === 'GET') continue;
      const noCsrf = await client.request(endpoint.method, path, { body, csrf: false });
      expect(noCsrf.status, `${endpoint.method} ${endpoint.path}`).toBe(403);
      expect(errorOf(noCsrf).code).toBe('csrf_failed');
    }
  });
});
