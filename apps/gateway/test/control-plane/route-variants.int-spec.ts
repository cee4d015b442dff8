import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, type RouteVariantsResponse, type RouteView } from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';

// A route's variants report over HTTP, from usage rows as the billing worker stores them: per deployment, exact
// counts, the SLA's error definition, percentiles of successful requests, decimal-string money, the route's weights;
// range validation, tenant isolation and the platform routes' report across tenants. The whole pipeline (gateway,
// worker, report) is routing/ab-report.int-spec.ts.

let harness: ControlPlaneHarness;
const platformRouteIds: string[] = [];

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  // Platform routes are offered to every tenant: leave none behind for other suites.
  await harness?.prisma.modelRoute.deleteMany({ where: { id: { in: platformRouteIds } } });
  await harness?.close();
});

const RANGE = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };
const IN_RANGE = '2026-03-01T12:00:00Z';

function deployment(name: string, fields: Record<string, unknown> = {}) {
  return {
    name,
    provider: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    upstreamModel: 'gpt-4o-mini',
    inputPriceMicrosPerMillion: 150_000,
    outputPriceMicrosPerMillion: 600_000,
    ...fields,
  };
}

/** control : canary = 3 : 1 at priority 0, and a disabled backup at priority 1. */
function abRouteBody() {
  return {
    alias: `ab-${uniqueTag()}`,
    deployments: [
      deployment('control', { weight: 3 }),
      deployment('canary', { weight: 1 }),
      deployment('backup', { weight: 2, priority: 1, enabled: false }),
    ],
  };
}

async function createRoute(client: ApiClient, path: string, body: Record<string, unknown>) {
  const response = await client.post<RouteView>(path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

type UsageRow = {
  tenantId: string;
  routeId: string | null;
  deploymentId: string;
  variant?: string;
  occurredAt?: string;
  latencyMs?: number;
  ttftMs?: number;
  stream?: boolean;
  status?: number;
  outcome?: string;
};

/** Usage rows as the billing worker stores them: 10 input and 20 output tokens, 45 micros each. */
async function insertUsage(rows: UsageRow[]) {
  await harness.prisma.usageEvent.createMany({
    data: rows.map(({ variant, occurredAt, ...row }) => ({
      requestId: newId('req'),
      apiKeyId: 'key_route_variants',
      model: 'ab',
      provider: 'openai',
      inputTokens: 10,
      outputTokens: 20,
      costMicros: 45n,
      latencyMs: 100,
      status: 200,
      outcome: 'success',
      stream: false,
      ...row,
      routeVariant: variant ?? null,
      occurredAt: new Date(occurredAt ?? IN_RANGE),
    })),
  });
}

async function tenantRoute() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const routes = `/api/tenants/${slug}/routes`;
  const route = await createRoute(owner.client, routes, abRouteBody());
  const ids = Object.fromEntries(route.deployments.map((entry) => [entry.name, entry.id]));
  return { slug, tenantId, owner: owner.client, route, ids, variantsPath: `${routes}/${route.id}/variants` };
}

describe('a tenant route', () => {
  it('reports each variant: traffic, server-side errors, percentiles of successes, tokens, cost and weights', async () => {
    const { tenantId, owner, route, ids, variantsPath } = await tenantRoute();
    const removedId = newId('dep');
    const on = (name: string) => ({ tenantId, routeId: route.id, deploymentId: ids[name]!, variant: name });
    await insertUsage([
      // control: five answers, a failure (the SLA's server-side error), a limit rejection (a request, not an error)
      // and one stream, whose TTFT counts and whose whole latency does not.
      ...[100, 200, 300, 400, 500].map((latencyMs) => ({ ...on('control'), latencyMs })),
      { ...on('control'), latencyMs: 5, status: 502, outcome: 'upstream_error' },
      { ...on('control'), latencyMs: 1, status: 429, outcome: 'rejected' },
      { ...on('control'), latencyMs: 3000, stream: true, ttftMs: 50 },
      // canary: two answers, a 503, and a 500 the client had already left (not an error).
      ...[1000, 2000].map((latencyMs) => ({ ...on('canary'), latencyMs })),
      { ...on('canary'), status: 503, outcome: 'upstream_error' },
      { ...on('canary'), status: 500, outcome: 'client_disconnected' },
      // A deployment removed since, renamed before that: it shows under the name it answered under last.
      {
        ...on('control'),
        deploymentId: removedId,
        variant: 'old-canary',
        occurredAt: '2026-03-01T01:00:00Z',
      },
      { ...on('control'), deploymentId: removedId, variant: 'canary-v0', occurredAt: '2026-03-01T02:00:00Z' },
      // Not this report's: before the range, at its exclusive end, another route, another tenant, no route.
      { ...on('control'), occurredAt: '2026-02-28T23:59:59Z' },
      { ...on('control'), occurredAt: RANGE.to },
      { ...on('control'), routeId: newId('rte') },
      { ...on('control'), tenantId: newId('tnt') },
      { ...on('control'), routeId: null },
    ]);

    const response = await owner.get<RouteVariantsResponse>(variantsPath, { query: RANGE });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const zeros = { inputTokens: '0', outputTokens: '0', costMicros: '0' };
    expect(response.body).toEqual({
      routeId: route.id,
      alias: route.alias,
      strategy: 'weighted',
      from: RANGE.from,
      to: RANGE.to,
      requests: 14,
      variants: [
        {
          deploymentId: ids.canary,
          name: 'canary',
          recordedNames: ['canary'],
          settings: { weight: 1, priority: 0, enabled: true, weightShare: 0.25 },
          requests: 4,
          trafficShare: 4 / 14,
          errors: 1,
          errorRate: 0.25,
          latencyMsP50: 1500,
          latencyMsP95: 1950,
          ttftMsP50: null,
          ttftMsP95: null,
          inputTokens: '40',
          outputTokens: '80',
          costMicros: '180',
        },
        {
          deploymentId: ids.control,
          name: 'control',
          recordedNames: ['control'],
          settings: { weight: 3, priority: 0, enabled: true, weightShare: 0.75 },
          requests: 8,
          trafficShare: 8 / 14,
          errors: 1,
          errorRate: 0.125,
          // percentile_cont over 100…500: the median, and 400 + 0.8 × 100.
          latencyMsP50: 300,
          latencyMsP95: 480,
          ttftMsP50: 50,
          ttftMsP95: 50,
          inputTokens: '80',
          outputTokens: '160',
          costMicros: '360',
        },
        {
          deploymentId: ids.backup,
          name: 'backup',
          recordedNames: [],
          settings: { weight: 2, priority: 1, enabled: false, weightShare: 0 },
          requests: 0,
          trafficShare: 0,
          errors: 0,
          errorRate: 0,
          latencyMsP50: null,
          latencyMsP95: null,
          ttftMsP50: null,
          ttftMsP95: null,
          ...zeros,
        },
        {
          deploymentId: removedId,
          name: 'canary-v0',
          recordedNames: ['canary-v0', 'old-canary'],
          settings: null,
          requests: 2,
          trafficShare: 2 / 14,
          errors: 0,
          errorRate: 0,
          latencyMsP50: 100,
          latencyMsP95: 100,
          ttftMsP50: null,
          ttftMsP95: null,
          inputTokens: '20',
          outputTokens: '40',
          costMicros: '90',
        },
      ],
    });
  });

  it('shows the current weights with zeros for a range without traffic', async () => {
    const { owner, variantsPath } = await tenantRoute();
    const response = await owner.get<RouteVariantsResponse>(variantsPath, { query: RANGE });
    expect(response.status).toBe(200);
    expect(response.body.requests).toBe(0);
    expect(
      response.body.variants.map((variant) => [
        variant.name,
        variant.settings?.weightShare,
        variant.requests,
      ]),
    ).toEqual([
      ['canary', 0.25, 0],
      ['control', 0.75, 0],
      ['backup', 0, 0],
    ]);
  });

  it('refuses a range that is reversed, empty, longer than 92 days or incomplete, naming the field', async () => {
    const { owner, variantsPath } = await tenantRoute();
    const locations = async (query: Record<string, string>) => {
      const response = await owner.get(variantsPath, { query });
      expect(response.status).toBe(400);
      expect(errorOf(response).code).toBe('validation_failed');
      return errorOf(response).errors?.map((error) => error.location);
    };
    expect(await locations({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toEqual([
      'query.from',
    ]);
    expect(await locations({ from: RANGE.from, to: RANGE.from })).toEqual(['query.from']);
    expect(await locations({ from: '2026-01-01T00:00:00Z', to: '2026-04-03T00:00:01Z' })).toEqual([
      'query.to',
    ]);
    expect(await locations({ to: RANGE.to })).toEqual(['query.from']);
    expect(await locations({ ...RANGE, to: 'yesterday' })).toEqual(['query.to']);
    expect(await locations({ ...RANGE, groupBy: 'model' })).toEqual(['query.groupBy']);
    // Exactly 92 days is allowed.
    const longest = await owner.get(variantsPath, {
      query: { from: '2026-01-01T00:00:00Z', to: '2026-04-03T00:00:00Z' },
    });
    expect(longest.status).toBe(200);
  });

  it("answers 404 for another tenant's route and for a platform route, exactly like a missing one", async () => {
    const a = await tenantRoute();
    const b = await tenantRoute();
    await insertUsage([
      { tenantId: a.tenantId, routeId: a.route.id, deploymentId: a.ids.control!, variant: 'control' },
    ]);
    const missing = await b.owner.get(`/api/tenants/${b.slug}/routes/rte_0000000000000000000000/variants`, {
      query: RANGE,
    });
    const foreign = await b.owner.get(`/api/tenants/${b.slug}/routes/${a.route.id}/variants`, {
      query: RANGE,
    });
    expect(missing.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: { ...errorOf(missing), requestId: errorOf(foreign).requestId } });
    expect((await a.owner.get<RouteVariantsResponse>(a.variantsPath, { query: RANGE })).body.requests).toBe(
      1,
    );
  });
});

describe('a platform route', () => {
  it("reports every tenant's traffic to platform admins, and is not found from a tenant path", async () => {
    const admin = await harness.signUp();
    await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
    const route = await createRoute(admin.client, '/api/admin/routes', abRouteBody());
    platformRouteIds.push(route.id);
    const ids = Object.fromEntries(route.deployments.map((entry) => [entry.name, entry.id]));
    const a = await harness.tenantWithOwner();
    const b = await harness.tenantWithOwner();
    await insertUsage([
      { tenantId: a.tenantId, routeId: route.id, deploymentId: ids.control!, variant: 'control' },
      { tenantId: b.tenantId, routeId: route.id, deploymentId: ids.control!, variant: 'control' },
      { tenantId: b.tenantId, routeId: route.id, deploymentId: ids.canary!, variant: 'canary' },
    ]);

    const report = await admin.client.get<RouteVariantsResponse>(`/api/admin/routes/${route.id}/variants`, {
      query: RANGE,
    });
    expect(report.status).toBe(200);
    expect(report.body.requests).toBe(3);
    expect(report.body.variants.map((variant) => [variant.name, variant.requests])).toEqual([
      ['canary', 1],
      ['control', 2],
      ['backup', 0],
    ]);
    const fromTenant = await a.owner.client.get(`/api/tenants/${a.slug}/routes/${route.id}/variants`, {
      query: RANGE,
    });
    expect(fromTenant.status).toBe(404);
    // And a tenant's route is not a platform route.
    const tenant = await tenantRoute();
    const fromAdmin = await admin.client.get(`/api/admin/routes/${tenant.route.id}/variants`, {
      query: RANGE,
    });
    expect(fromAdmin.status).toBe(404);
  });
});
