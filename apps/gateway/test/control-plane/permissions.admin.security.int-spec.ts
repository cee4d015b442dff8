import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@llmguard/db';
import { errorOf, type ApiClient, type ApiResponse } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { addMember } from './support/members';
import { ROLES } from './support/permission-matrix';

// The platform-wide read models (/api/admin/usage, /api/admin/tiers), cell by cell: they are not tenant-scoped, so
// every signed-in non-admin gets 403 whatever their role in a tenant, a management key too (it belongs to one
// tenant, even with every read scope), nobody without a session gets past 401, and platform admins read.

const query = () => {
  const to = new Date();
  return { from: new Date(to.getTime() - 86_400_000).toISOString(), to: to.toISOString() };
};

type Endpoint = {
  name: string;
  call: (client: ApiClient, headers?: Record<string, string>) => Promise<ApiResponse>;
};

const endpoints: Endpoint[] = [
  {
    name: 'GET /api/admin/usage',
    call: (c, headers) => c.get('/api/admin/usage', { query: query(), headers }),
  },
  { name: 'GET /api/admin/tiers', call: (c, headers) => c.get('/api/admin/tiers', { headers }) },
];

let harness: ControlPlaneHarness;
let platformAdmin: ApiClient;
let managementKey: string;
const membersByRole = new Map<MemberRole, ApiClient>();

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
    scopes: ['tenant:read', 'usage:read', 'members:read'],
  });
  managementKey = issued.body.secret;
});

afterAll(async () => {
  await harness?.close();
});

describe.each(endpoints)('$name', (endpoint) => {
  it.each(ROLES)('as a tenant %s: 403', async (role) => {
    const response = await endpoint.call(membersByRole.get(role)!);
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('permission_denied');
  });

  it('with a management key holding every read scope: 403', async () => {
    const response = await endpoint.call(harness.client(), { authorization: `Bearer ${managementKey}` });
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('permission_denied');
  });

  it('without a session: 401', async () => {
    const response = await endpoint.call(harness.client());
    expect(response.status).toBe(401);
  });

  it('as a platform admin: 200', async () => {
    const response = await endpoint.call(platformAdmin);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  });
});
