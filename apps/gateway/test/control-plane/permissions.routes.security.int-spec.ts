import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@llmguard/db';
import { uniqueTag, startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { ApiClient, errorOf, type ApiResponse, type RequestOptions } from './support/api-client';
import { addMember } from './support/members';
import {
  describePermissionMatrix,
  MANAGERS,
  ROLES,
  tenantPath,
  type MatrixTenant,
} from './support/permission-matrix';

// Model routes, cell by cell (see support/permission-matrix.ts): route.read for owner, admin, developer and viewer;
// route.write for owner and admin; platform routes for platform admins only; management keys by routes:* scope.

const ROUTE_READERS: MemberRole[] = ['owner', 'admin', 'developer', 'viewer'];
const ROUTE_WRITERS = MANAGERS;

function routeBody() {
  return {
    alias: `matrix-${uniqueTag()}`,
    deployments: [
      {
        name: 'primary',
        provider: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        upstreamModel: 'gpt-4o-mini',
        inputPriceMicrosPerMillion: 1,
        outputPriceMicrosPerMillion: 2,
        credential: 'sk-matrix-secret-000000',
      },
    ],
  };
}

/** A fresh route of the tenant, made by its owner. */
async function freshRoutePath(tenant: MatrixTenant): Promise<string> {
  const response = await tenant.owner.post<{ id: string }>(`${tenantPath(tenant)}/routes`, routeBody());
  if (response.status !== 201) throw new Error(`route creation failed: ${JSON.stringify(response.body)}`);
  return `${tenantPath(tenant)}/routes/${response.body.id}`;
}

describePermissionMatrix([
  {
    name: 'GET routes',
    allowed: ROUTE_READERS,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/routes`),
  },
  {
    name: 'GET route',
    allowed: ROUTE_READERS,
    okStatus: 200,
    call: async (c, t) => c.get(await freshRoutePath(t)),
  },
  {
    name: 'POST routes',
    allowed: ROUTE_WRITERS,
    okStatus: 201,
    call: (c, t) => c.post(`${tenantPath(t)}/routes`, routeBody()),
  },
  {
    name: 'PATCH route',
    allowed: ROUTE_WRITERS,
    okStatus: 200,
    call: async (c, t) => c.patch(await freshRoutePath(t), { description: 'changed' }),
  },
  {
    name: 'DELETE route',
    allowed: ROUTE_WRITERS,
    okStatus: 204,
    call: async (c, t) => c.delete(await freshRoutePath(t)),
  },
  {
    name: 'GET route versions',
    allowed: ROUTE_READERS,
    okStatus: 200,
    call: async (c, t) => c.get(`${await freshRoutePath(t)}/versions`),
  },
  {
    name: 'GET route version',
    allowed: ROUTE_READERS,
    okStatus: 200,
    call: async (c, t) => c.get(`${await freshRoutePath(t)}/versions/1`),
  },
  {
    name: 'GET route variants',
    allowed: ROUTE_READERS,
    okStatus: 200,
    call: async (c, t) =>
      c.get(`${await freshRoutePath(t)}/variants`, {
        query: { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' },
      }),
  },
  {
    name: 'POST route version restore',
    allowed: ROUTE_WRITERS,
    okStatus: 200,
    call: async (c, t) => c.post(`${await freshRoutePath(t)}/versions/1/restore`, {}),
  },
]);

/** A client that authenticates every request with a management key instead of a session. */
class ManagementKeyClient extends ApiClient {
  constructor(
    baseUrl: string,
    private readonly secret: string,
  ) {
    super(baseUrl);
  }

  override request<Body = unknown>(method: string, path: string, options: RequestOptions = {}) {
    return super.request<Body>(method, path, {
      ...options,
      headers: { ...options.headers, authorization: `Bearer ${this.secret}` },
    });
  }
}

// Platform routes are not tenant-scoped: every signed-in non-admin gets 403 whatever their tenant role, a management
// key too, and nobody without a session gets past 401.
describe('platform routes (/api/admin/routes)', () => {
  let harness: ControlPlaneHarness;
  let platformAdmin: ApiClient;
  const membersByRole = new Map<MemberRole, ApiClient>();
  let managementKey: string;
  const createdRouteIds: string[] = [];

  async function freshPlatformRoute(): Promise<string> {
    const response = await platformAdmin.post<{ id: string }>('/api/admin/routes', routeBody());
    if (response.status !== 201) throw new Error(`platform route failed: ${JSON.stringify(response.body)}`);
    createdRouteIds.push(response.body.id);
    return `/api/admin/routes/${response.body.id}`;
  }

  const endpoints: { name: string; okStatus: number; call: (client: ApiClient) => Promise<ApiResponse> }[] = [
    { name: 'GET', okStatus: 200, call: (c) => c.get('/api/admin/routes') },
    { name: 'GET one', okStatus: 200, call: async (c) => c.get(await freshPlatformRoute()) },
    {
      name: 'POST',
      okStatus: 201,
      call: async (c) => {
        const response = await c.post<{ id?: string }>('/api/admin/routes', routeBody());
        if (response.body.id) createdRouteIds.push(response.body.id);
        return response;
      },
    },
    {
      name: 'PATCH',
      okStatus: 200,
      call: async (c) => c.patch(await freshPlatformRoute(), { enabled: false }),
    },
    { name: 'DELETE', okStatus: 204, call: async (c) => c.delete(await freshPlatformRoute()) },
    {
      name: 'GET versions',
      okStatus: 200,
      call: async (c) => c.get(`${await freshPlatformRoute()}/versions`),
    },
    {
      name: 'GET version',
      okStatus: 200,
      call: async (c) => c.get(`${await freshPlatformRoute()}/versions/1`),
    },
    {
      name: 'POST restore',
      okStatus: 200,
      call: async (c) => c.post(`${await freshPlatformRoute()}/versions/1/restore`, {}),
    },
    {
      name: 'GET variants',
      okStatus: 200,
      call: async (c) =>
        c.get(`${await freshPlatformRoute()}/variants`, {
          query: { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' },
        }),
    },
  ];

  beforeAll(async () => {
    harness = await startControlPlane();
    const admin = await harness.signUp();
    await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
    platformAdmin = admin.client;
    const { tenantId, slug, owner } = await harness.tenantWithOwner();
    membersByRole.set('owner', owner.client);
    for (const role of ROLES.filter((candidate) => candidate !== 'owner')) {
      const user = await harness.signUp();
      await addMember(harness.prisma, tenantId, user.id, role);
      membersByRole.set(role, user.client);
    }
    const issued = await owner.client.post<{ secret: string }>(`/api/tenants/${slug}/api-keys`, {
      name: 'automation',
      kind: 'management',
      scopes: ['routes:read', 'routes:write'],
    });
    managementKey = issued.body.secret;
  });

  afterAll(async () => {
    // Platform routes are seen by every tenant: leave none behind for other suites.
    await harness?.prisma.modelRoute.deleteMany({ where: { id: { in: createdRouteIds } } });
    await harness?.close();
  });

  describe.each(endpoints)('$name', (endpoint) => {
    it.each(ROLES)('as a tenant %s: 403', async (role) => {
      const response = await endpoint.call(membersByRole.get(role)!);
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('permission_denied');
    });

    it('with a management key holding routes:write: 403', async () => {
      const response = await endpoint.call(new ManagementKeyClient(harness.client().baseUrl, managementKey));
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('permission_denied');
    });

    it('without a session: 401', async () => {
      const response = await endpoint.call(harness.client());
      expect(response.status).toBe(401);
    });

    it('as a platform admin', async () => {
      const response = await endpoint.call(platformAdmin);
      expect(response.status, JSON.stringify(response.body)).toBe(endpoint.okStatus);
    });
  });
});

// Management keys act on their own tenant's routes by scope alone: routes:read reads, routes:write changes.
describe('tenant routes with a management key', () => {
  let harness: ControlPlaneHarness;
  let routesPath: string;
  let keyWith: (scopes: string[]) => Promise<ManagementKeyClient>;

  beforeAll(async () => {
    harness = await startControlPlane();
    const { slug, owner } = await harness.tenantWithOwner();
    routesPath = `/api/tenants/${slug}/routes`;
    keyWith = async (scopes) => {
      const issued = await owner.client.post<{ secret: string }>(`/api/tenants/${slug}/api-keys`, {
        name: `automation-${uniqueTag()}`,
        kind: 'management',
        scopes,
      });
      return new ManagementKeyClient(harness.client().baseUrl, issued.body.secret);
    };
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('routes:read lists but cannot create; routes:write creates; other scopes do neither', async () => {
    const reader = await keyWith(['routes:read']);
    expect((await reader.get(routesPath)).status).toBe(200);
    expect((await reader.post(routesPath, routeBody())).status).toBe(403);

    const writer = await keyWith(['routes:write']);
    const created = await writer.post<{ id: string }>(routesPath, routeBody());
    expect(created.status).toBe(201);
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { targetId: created.body.id },
    });
    expect(entry).toMatchObject({ action: 'route.created', actorType: 'api_key' });

    const unrelated = await keyWith(['keys:read', 'keys:write']);
    expect((await unrelated.get(routesPath)).status).toBe(403);
    expect((await unrelated.post(routesPath, routeBody())).status).toBe(403);
  });
});
