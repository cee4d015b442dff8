import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@llmguard/db';
import type { ApiKeyView } from '@llmguard/shared';
import { errorOf, type ApiClient, type ApiResponse } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';
import { addMember } from './support/members';

// The permission matrix, cell by cell over HTTP: every tenant-scoped endpoint × every role, as a member of the
// tenant (2xx or 403) and as a member of another tenant only (404, identical to a tenant that does not exist).
// The expectations are written out here on purpose, apart from src/control-plane/auth/permissions.ts, so a change
// to the matrix has to be made twice, deliberately.

const ROLES: MemberRole[] = ['owner', 'admin', 'developer', 'billing', 'viewer'];
const EVERYONE = ROLES;
const MANAGERS: MemberRole[] = ['owner', 'admin'];
const KEY_WRITERS: MemberRole[] = ['owner', 'admin', 'developer'];
const KEY_READERS: MemberRole[] = ['owner', 'admin', 'developer', 'viewer'];

type Tenant = {
  slug: string;
  tenantId: string;
  owner: ApiClient;
  /** One signed-in browser per role, each a member of this tenant only. */
  members: Record<MemberRole, ApiClient>;
};

type EndpointCase = {
  name: string;
  allowed: MemberRole[];
  okStatus: number;
  /** Sends the request against `tenant`, making fresh target resources there (as its owner) first. */
  call(client: ApiClient, tenant: Tenant): Promise<ApiResponse>;
};

let harness: ControlPlaneHarness;
let tenantA: Tenant;
let tenantB: Tenant;
let platformAdmin: ApiClient;

async function makeTenant(): Promise<Tenant> {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const members = { owner: owner.client } as Record<MemberRole, ApiClient>;
  for (const role of ROLES.filter((candidate) => candidate !== 'owner')) {
    const user = await harness.signUp();
    await addMember(harness.prisma, tenantId, user.id, role);
    members[role] = user.client;
  }
  return { slug, tenantId, owner: owner.client, members };
}

async function freshKeyId(tenant: Tenant): Promise<string> {
  const response = await tenant.owner.post<{ key: ApiKeyView }>(`/api/tenants/${tenant.slug}/api-keys`, {
    name: `target-${uniqueTag()}`,
  });
  return response.body.key.id;
}

async function freshMemberId(tenant: Tenant): Promise<string> {
  const user = await harness.signUp();
  return addMember(harness.prisma, tenant.tenantId, user.id, 'viewer');
}

const base = (tenant: Tenant) => `/api/tenants/${tenant.slug}`;

const ENDPOINTS: EndpointCase[] = [
  { name: 'GET tenant', allowed: EVERYONE, okStatus: 200, call: (c, t) => c.get(base(t)) },
  {
    name: 'PATCH tenant',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.patch(base(t), { name: `Renamed ${uniqueTag()}` }),
  },
  { name: 'GET members', allowed: EVERYONE, okStatus: 200, call: (c, t) => c.get(`${base(t)}/members`) },
  {
    name: 'PATCH member role',
    allowed: MANAGERS,
    okStatus: 200,
    call: async (c, t) => c.patch(`${base(t)}/members/${await freshMemberId(t)}`, { role: 'developer' }),
  },
  {
    name: 'DELETE member',
    allowed: MANAGERS,
    okStatus: 204,
    call: async (c, t) => c.delete(`${base(t)}/members/${await freshMemberId(t)}`),
  },
  { name: 'GET api-keys', allowed: KEY_READERS, okStatus: 200, call: (c, t) => c.get(`${base(t)}/api-keys`) },
  {
    name: 'GET api-key',
    allowed: KEY_READERS,
    okStatus: 200,
    call: async (c, t) => c.get(`${base(t)}/api-keys/${await freshKeyId(t)}`),
  },
  {
    name: 'POST api-keys',
    allowed: KEY_WRITERS,
    okStatus: 201,
    call: (c, t) => c.post(`${base(t)}/api-keys`, { name: 'matrix' }),
  },
  {
    name: 'PATCH api-key',
    allowed: KEY_WRITERS,
    okStatus: 200,
    call: async (c, t) => c.patch(`${base(t)}/api-keys/${await freshKeyId(t)}`, { name: 'renamed' }),
  },
  {
    name: 'POST api-key revoke',
    allowed: KEY_WRITERS,
    okStatus: 200,
    call: async (c, t) => c.post(`${base(t)}/api-keys/${await freshKeyId(t)}/revoke`),
  },
  {
    name: 'POST api-key rotate',
    allowed: KEY_WRITERS,
    okStatus: 201,
    call: async (c, t) => c.post(`${base(t)}/api-keys/${await freshKeyId(t)}/rotate`),
  },
  { name: 'GET audit-log', allowed: MANAGERS, okStatus: 200, call: (c, t) => c.get(`${base(t)}/audit-log`) },
  {
    name: 'GET audit-log verify',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.get(`${base(t)}/audit-log/verify`),
  },
];

/** The 404 of a tenant that does not exist, minus its request id: what every outsider must get. */
let missingTenant: Omit<ReturnType<typeof errorOf>, 'requestId'>;

beforeAll(async () => {
  harness = await startControlPlane();
  [tenantA, tenantB] = [await makeTenant(), await makeTenant()];
  const admin = await harness.signUp();
  await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
  platformAdmin = admin.client;
  const { requestId: _requestId, ...missing } = errorOf(
    await tenantA.owner.get(`/api/tenants/missing-${uniqueTag()}`),
  );
  missingTenant = missing;
});

afterAll(async () => {
  await harness?.close();
});

describe.each(ENDPOINTS)('$name', (endpoint) => {
  it.each(ROLES)('as %s of the tenant', async (role) => {
    const response = await endpoint.call(tenantA.members[role], tenantA);
    if (endpoint.allowed.includes(role)) {
      expect(response.status, JSON.stringify(response.body)).toBe(endpoint.okStatus);
    } else {
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('permission_denied');
    }
  });

  it.each(ROLES)('as %s of another tenant: 404 exactly like a missing tenant', async (role) => {
    const response = await endpoint.call(tenantB.members[role], tenantA);
    expect(response.status).toBe(404);
    const { requestId: _requestId, ...error } = errorOf(response);
    expect(error).toEqual(missingTenant);
  });

  it('as a platform admin who is not a member', async () => {
    const response = await endpoint.call(platformAdmin, tenantA);
    expect(response.status, JSON.stringify(response.body)).toBe(endpoint.okStatus);
  });
});
