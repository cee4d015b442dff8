import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminTenantsContract,
  endpointPath,
  type AdminTenantDetailView,
  type AdminTenantView,
  type ApiKeyView,
  type EndpointContract,
} from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import {
  startControlPlane,
  uniqueEmail,
  uniqueTag,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import { addMember } from './support/members';

// Platform administration of tenants: only platform admins (403 for everyone else who is signed in, 401 without a
// session), every change audited in the tenant's own chain, and a suspended tenant is read-only for its members and
// its management keys.

type Page<Item> = { data: Item[]; nextCursor: string | null };

let harness: ControlPlaneHarness;
let admin: ApiClient;
let adminUserId: string;

beforeAll(async () => {
  harness = await startControlPlane();
  const user = await harness.signUp();
  await harness.prisma.user.update({ where: { id: user.id }, data: { isPlatformAdmin: true } });
  admin = user.client;
  adminUserId = user.id;
});

afterAll(async () => {
  await harness?.close();
});

const ENDPOINTS: EndpointContract[] = Object.values(adminTenantsContract);
const label = (endpoint: EndpointContract) => `${endpoint.method} ${endpoint.path}`;
const pathOf = (endpoint: EndpointContract, tenantId: string) => endpointPath(endpoint.path, { tenantId });
const bodyOf = (endpoint: EndpointContract) =>
  endpoint === adminTenantsContract.suspend
    ? { reason: 'matrix check' }
    : endpoint === adminTenantsContract.update
      ? { tierId: 'pro' }
      : undefined;

describe.each(ENDPOINTS.map((endpoint) => ({ name: label(endpoint), endpoint })))('$name', ({ endpoint }) => {
  it('answers 401 without a session, 403 to a tenant owner and to a management key', async () => {
    const { tenantId, owner, slug } = await harness.tenantWithOwner();
    const path = pathOf(endpoint, tenantId);
    const body = bodyOf(endpoint);

    const anonymous = await harness.client().request(endpoint.method, path, { body });
    expect(anonymous.status).toBe(401);

    const asOwner = await owner.client.request(endpoint.method, path, { body });
    expect(asOwner.status).toBe(403);
    expect(errorOf(asOwner).code).toBe('permission_denied');

    const key = await owner.client.post<{ secret: string }>(`/api/tenants/${slug}/api-keys`, {
      name: 'automation',
      kind: 'management',
      scopes: ['tenant:read', 'tenant:write', 'members:read', 'members:write'],
    });
    const asKey = await harness
      .client()
      .request(endpoint.method, path, { body, headers: { authorization: `Bearer ${key.body.secret}` } });
    expect(asKey.status).toBe(403);

    // Nothing changed behind the refusals.
    const row = await harness.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(row).toMatchObject({ status: 'active', tierId: 'free' });
  });
});

describe('listing tenants', () => {
  it('searches slug and name case-insensitively, filters by status and pages newest first', async () => {
    const tag = uniqueTag();
    const created: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const tenant = await harness.tenantWithOwner();
      await admin.patch(`/api/tenants/${tenant.slug}`, { name: `Acme ${tag.toUpperCase()} ${index}` });
      created.push(tenant.tenantId);
    }
    const list = (query: Record<string, string | number>) =>
      admin.get<Page<AdminTenantView>>(adminTenantsContract.list.path, { query });

    const byName = await list({ search: tag });
    expect(byName.status).toBe(200);
    expect(byName.body.data.map((tenant) => tenant.id)).toEqual([...created].reverse());

    const slug = (await harness.prisma.tenant.findUniqueOrThrow({ where: { id: created[1]! } })).slug;
    expect((await list({ search: slug.toUpperCase() })).body.data.map((tenant) => tenant.id)).toEqual([
      created[1],
    ]);

    const firstPage = await list({ search: tag, limit: 2 });
    expect(firstPage.body.data).toHaveLength(2);
    const secondPage = await list({ search: tag, limit: 2, cursor: firstPage.body.nextCursor! });
    expect(secondPage.body.data.map((tenant) => tenant.id)).toEqual([created[0]]);
    expect(secondPage.body.nextCursor).toBeNull();

    await admin.post(`/api/admin/tenants/${created[2]}/suspend`, { reason: 'unpaid invoices' });
    expect((await list({ search: tag, status: 'suspended' })).body.data.map((tenant) => tenant.id)).toEqual([
      created[2],
    ]);
    expect((await list({ search: tag, status: 'active' })).body.data.map((tenant) => tenant.id)).toEqual([
      created[1],
      created[0],
    ]);
  });

  it('treats LIKE wildcards in the search as text', async () => {
    const tag = uniqueTag();
    const tenant = await harness.tenantWithOwner();
    await admin.patch(`/api/tenants/${tenant.slug}`, { name: `Wild_card 100% ${tag}` });
    const search = async (text: string) =>
      (
        await admin.get<Page<AdminTenantView>>(adminTenantsContract.list.path, { query: { search: text } })
      ).body.data.map((row) => row.id);
    expect(await search(`w_ld`)).not.toContain(tenant.tenantId);
    expect(await search(`wild%${tag}`)).toEqual([]);
    expect(await search(`wild_card 100% ${tag}`)).toEqual([tenant.tenantId]);
  });

  it('names each invalid query field (400)', async () => {
    const response = await admin.get(adminTenantsContract.list.path, {
      query: { status: 'sleeping', limit: 0, search: 'x'.repeat(101) },
    });
    expect(response.status).toBe(400);
    expect(
      errorOf(response)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual(['query.limit', 'query.search', 'query.status']);
  });
});

describe('one tenant', () => {
  it('shows member and active key counts', async () => {
    const { tenantId, slug, owner } = await harness.tenantWithOwner();
    const member = await harness.signUp();
    await addMember(harness.prisma, tenantId, member.id, 'developer');
    const keys = `/api/tenants/${slug}/api-keys`;
    await owner.client.post(keys, { name: 'kept' });
    const revoked = await owner.client.post<{ key: ApiKeyView }>(keys, { name: 'revoked' });
    await owner.client.post(`${keys}/${revoked.body.key.id}/revoke`);

    const response = await admin.get<AdminTenantDetailView>(`/api/admin/tenants/${tenantId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: tenantId,
      slug,
      status: 'active',
      memberCount: 2,
      activeApiKeyCount: 1,
    });
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await admin.get('/api/admin/tenants/tnt_0000000000000000000000')).status).toBe(404);
    expect((await admin.get('/api/admin/tenants/not-an-id')).status).toBe(404);
  });
});

describe('suspending and reactivating', () => {
  let tenant: { slug: string; tenantId: string; owner: SignedUpUser };
  let keyHeaders: { authorization: string };
  const tenantPath = () => `/api/tenants/${tenant.slug}`;

  beforeAll(async () => {
    tenant = await harness.tenantWithOwner();
    const key = await tenant.owner.client.post<{ secret: string }>(`${tenantPath()}/api-keys`, {
      name: 'automation',
      kind: 'management',
      scopes: ['tenant:read', 'tenant:write', 'members:read', 'keys:read', 'keys:write', 'audit:read'],
    });
    expect(key.status).toBe(201);
    keyHeaders = { authorization: `Bearer ${key.body.secret}` };
  });

  it('needs a reason (400 naming body.reason)', async () => {
    const response = await admin.post(`/api/admin/tenants/${tenant.tenantId}/suspend`, {});
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.[0]?.location).toBe('body.reason');
  });

  it('suspends once, audited in the tenant chain; a repeat changes nothing', async () => {
    const response = await admin.post<AdminTenantView>(`/api/admin/tenants/${tenant.tenantId}/suspend`, {
      reason: 'Unpaid invoices',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'suspended', suspensionReason: 'Unpaid invoices' });
    expect(response.body.suspendedAt).not.toBeNull();

    const repeat = await admin.post<AdminTenantView>(`/api/admin/tenants/${tenant.tenantId}/suspend`, {
      reason: 'Another reason',
    });
    expect(repeat.status).toBe(200);
    expect(repeat.body.suspensionReason).toBe('Unpaid invoices');

    const entries = await harness.prisma.auditLogEntry.findMany({
      where: { tenantId: tenant.tenantId, action: 'tenant.suspended' },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorType: 'user', actorId: adminUserId, targetId: tenant.tenantId });
    expect(entries[0]!.before).toMatchObject({ status: 'active' });
    expect(entries[0]!.after).toMatchObject({ status: 'suspended', suspensionReason: 'Unpaid invoices' });
  });

  it('leaves members read access: tenant, members, keys, audit log (whose chain still verifies)', async () => {
    const client = tenant.owner.client;
    const tenantView = await client.get<{ status: string }>(tenantPath());
    expect(tenantView.status).toBe(200);
    expect(tenantView.body.status).toBe('suspended');
    for (const path of ['/members', '/api-keys', '/audit-log', '/invitations'])
      expect((await client.get(`${tenantPath()}${path}`)).status, path).toBe(200);
    const verified = await client.get<{ valid: boolean }>(`${tenantPath()}/audit-log/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true });
  });

  it('refuses every change to members with 403 tenant_suspended', async () => {
    const client = tenant.owner.client;
    const attempts = [
      () => client.patch(tenantPath(), { name: 'Renamed' }),
      () => client.post(`${tenantPath()}/api-keys`, { name: 'new' }),
      () => client.post(`${tenantPath()}/invitations`, { email: uniqueEmail(), role: 'viewer' }),
      () => client.delete(`${tenantPath()}/members/mem_0000000000000000000000`),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('tenant_suspended');
    }
    // Only the management key created before the suspension exists.
    expect(await harness.prisma.apiKey.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
  });

  it('treats its management keys like its members: reads work, changes get 403 tenant_suspended (not 401)', async () => {
    const automation = harness.client();
    for (const path of ['', '/members', '/api-keys', '/audit-log']) {
      const response = await automation.get(`${tenantPath()}${path}`, { headers: keyHeaders });
      expect(response.status, path).toBe(200);
    }
    const attempts = [
      () => automation.patch(tenantPath(), { name: 'Renamed by a key' }, { headers: keyHeaders }),
      () => automation.post(`${tenantPath()}/api-keys`, { name: 'new' }, { headers: keyHeaders }),
    ];
    for (const attempt of attempts) {
      const response = await attempt();
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('tenant_suspended');
    }
    const row = await harness.prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } });
    expect(row.name).not.toBe('Renamed by a key');
    // Only the management key created before the suspension exists.
    expect(await harness.prisma.apiKey.count({ where: { tenantId: tenant.tenantId } })).toBe(1);
  });

  it('lets platform admins still act in the tenant', async () => {
    const response = await admin.patch(tenantPath(), { name: 'Renamed by the platform' });
    expect(response.status).toBe(200);
  });

  it('reactivates, audited; changes work again', async () => {
    const response = await admin.post<AdminTenantView>(`/api/admin/tenants/${tenant.tenantId}/reactivate`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'active', suspendedAt: null, suspensionReason: null });
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId: tenant.tenantId, action: 'tenant.reactivated' },
    });
    expect(entry.before).toMatchObject({ status: 'suspended' });
    expect((await tenant.owner.client.post(`${tenantPath()}/api-keys`, { name: 'back' })).status).toBe(201);
    const byKey = await harness
      .client()
      .post(`${tenantPath()}/api-keys`, { name: 'back by key' }, { headers: keyHeaders });
    expect(byKey.status).toBe(201);
  });

  it('refuses to suspend a deleted tenant (409)', async () => {
    const deleted = await harness.tenantWithOwner();
    await harness.prisma.tenant.update({ where: { id: deleted.tenantId }, data: { status: 'deleted' } });
    const response = await admin.post(`/api/admin/tenants/${deleted.tenantId}/suspend`, { reason: 'gone' });
    expect(response.status).toBe(409);
  });

  it("refuses a deleted tenant's management keys (401), unlike a suspended tenant's", async () => {
    const gone = await harness.tenantWithOwner();
    const key = await gone.owner.client.post<{ secret: string }>(`/api/tenants/${gone.slug}/api-keys`, {
      name: 'automation',
      kind: 'management',
      scopes: ['tenant:read'],
    });
    const headers = { authorization: `Bearer ${key.body.secret}` };
    expect((await harness.client().get(`/api/tenants/${gone.slug}`, { headers })).status).toBe(200);
    await harness.prisma.tenant.update({ where: { id: gone.tenantId }, data: { status: 'deleted' } });
    expect((await harness.client().get(`/api/tenants/${gone.slug}`, { headers })).status).toBe(401);
  });
});

describe('changing the tier', () => {
  it('moves the tenant to an existing SLA tier, audited', async () => {
    const { tenantId } = await harness.tenantWithOwner();
    const response = await admin.patch<AdminTenantView>(`/api/admin/tenants/${tenantId}`, { tierId: 'pro' });
    expect(response.status).toBe(200);
    expect(response.body.tierId).toBe('pro');
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId, action: 'tenant.tier_changed' },
    });
    expect(entry.before).toMatchObject({ tierId: 'free' });
    expect(entry.after).toMatchObject({ tierId: 'pro' });
  });

  it('refuses an unknown tier or field (400 naming it) and an unknown tenant (404)', async () => {
    const { tenantId } = await harness.tenantWithOwner();
    const unknown = await admin.patch(`/api/admin/tenants/${tenantId}`, { tierId: 'platinum' });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).errors?.[0]?.location).toBe('body.tierId');
    const extra = await admin.patch(`/api/admin/tenants/${tenantId}`, { tierId: 'pro', status: 'active' });
    expect(extra.status).toBe(400);
    expect(errorOf(extra).errors?.[0]?.location).toBe('body.status');
    const missing = await admin.patch('/api/admin/tenants/tnt_0000000000000000000000', { tierId: 'pro' });
    expect(missing.status).toBe(404);
  });
});
