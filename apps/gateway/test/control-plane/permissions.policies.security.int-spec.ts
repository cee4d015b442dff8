import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyRequestSchema, type TenantPolicyView } from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { addMember } from './support/members';
import {
  describePermissionMatrix,
  EVERYONE,
  ROLES,
  tenantPath,
  type MatrixTenant,
} from './support/permission-matrix';
import { appendPolicyVersion, distinctPolicy } from './support/policies';

// Tenant policies, cell by cell (see support/permission-matrix.ts): every member reads them; no tenant role writes
// them, only platform admins, who are above the matrix.

/** The tenant's current version, read by its owner (so the write is refused for its role, never for staleness). */
async function currentVersion(tenant: MatrixTenant): Promise<number | null> {
  const response = await tenant.owner.get<TenantPolicyView>(`${tenantPath(tenant)}/policy`);
  return response.body.currentVersion;
}

describePermissionMatrix([
  {
    name: 'GET policy',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/policy`),
  },
  {
    name: 'GET policy versions',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/policy/versions`),
  },
  {
    name: 'GET policy version',
    allowed: EVERYONE,
    okStatus: 200,
    call: async (c, t, h) =>
      c.get(
        `${tenantPath(t)}/policy/versions/${await appendPolicyVersion(h.prisma, t.tenantId, distinctPolicy())}`,
      ),
  },
  {
    name: 'POST policy version',
    allowed: [],
    okStatus: 201,
    call: async (c, t) =>
      c.post(`${tenantPath(t)}/policy/versions`, {
        document: distinctPolicy(),
        comment: 'matrix',
        expectedVersion: await currentVersion(t),
      }),
  },
  {
    name: 'POST policy version restore',
    allowed: [],
    okStatus: 201,
    call: async (c, t, h) => {
      const earlier = await appendPolicyVersion(h.prisma, t.tenantId, distinctPolicy());
      await appendPolicyVersion(h.prisma, t.tenantId, distinctPolicy());
      return c.post(`${tenantPath(t)}/policy/versions/${earlier}/restore`, { comment: 'matrix' });
    },
  },
]);

describe('tier policies: platform admins only', () => {
  let harness: ControlPlaneHarness;
  let members: Record<string, ApiClient>;
  let platformAdmin: ApiClient;
  let managementKey: string;
  const path = '/api/admin/tiers/free/policy';

  beforeAll(async () => {
    harness = await startControlPlane();
    const { tenantId, owner, slug } = await harness.tenantWithOwner();
    members = { owner: owner.client };
    for (const role of ROLES.filter((candidate) => candidate !== 'owner')) {
      const user = await harness.signUp();
      await addMember(harness.prisma, tenantId, user.id, role);
      members[role] = user.client;
    }
    const key = await owner.client.post<{ secret: string }>(
      `/api/tenants/${slug}/api-keys`,
      createApiKeyRequestSchema.parse({ name: 'automation', kind: 'management', scopes: ['tenant:read'] }),
    );
    managementKey = key.body.secret;
    const admin = await harness.signUp();
    await harness.prisma.user.update({ where: { id: admin.id }, data: { isPlatformAdmin: true } });
    platformAdmin = admin.client;
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.each(ROLES)('refuses a tenant %s, whatever the body (403 before validation)', async (role) => {
    const client = members[role]!;
    for (const response of [
      await client.get(path),
      await client.request('PUT', path, { body: { bad: 1 } }),
    ]) {
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('permission_denied');
    }
  });

  it('refuses a management key (403) and an anonymous caller (401)', async () => {
    const anonymous = harness.client();
    const keyed = await anonymous.get(path, { headers: { authorization: `Bearer ${managementKey}` } });
    expect(keyed.status).toBe(403);
    expect((await anonymous.get(path)).status).toBe(401);
  });

  it('lets a platform admin read', async () => {
    expect((await platformAdmin.get(path)).status).toBe(200);
  });
});
