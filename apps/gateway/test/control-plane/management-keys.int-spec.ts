import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@llmguard/db';
import type { ApiKeyView } from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import {
  startControlPlane,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import { addMember } from './support/members';

// Management keys (lg_mgmt_) automate /api: the second passport strategy. A key acts in its own tenant only,
// within its scopes, needs no CSRF token (it is a header, never ambient), and only owners and admins (signed in)
// can issue or change one.

type Issued = { key: ApiKeyView; secret: string };

let harness: ControlPlaneHarness;
let tenant: { slug: string; tenantId: string; owner: SignedUpUser };
let keysPath: string;

beforeAll(async () => {
  harness = await startControlPlane();
  tenant = await harness.tenantWithOwner();
  keysPath = `/api/tenants/${tenant.slug}/api-keys`;
});

afterAll(async () => {
  await harness?.close();
});

async function managementKey(scopes: string[], by: ApiClient = tenant.owner.client): Promise<Issued> {
  const response = await by.post<Issued>(keysPath, { name: 'automation', kind: 'management', scopes });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** A browser-less client that authenticates with a bearer secret only. */
function automation(secret: string) {
  const client = harness.client();
  const headers = { authorization: `Bearer ${secret}` };
  return {
    get: (path: string) => client.get(path, { headers }),
    post: <Body = unknown>(path: string, body?: unknown) => client.post<Body>(path, body, { headers }),
    patch: (path: string, body: unknown) => client.patch(path, body, { headers }),
    cookies: client.cookies,
  };
}

describe('issuing management keys', () => {
  it('returns an lg_mgmt_ secret once, with control-plane scopes', async () => {
    const { key, secret } = await managementKey(['keys:read', 'keys:write']);
    expect(secret).toMatch(/^lg_mgmt_[0-9A-Za-z]{40}$/);
    expect(key).toMatchObject({
      kind: 'management',
      prefix: 'lg_mgmt_',
      scopes: ['keys:read', 'keys:write'],
    });
  });

  it.each<[MemberRole, number]>([
    ['admin', 201],
    ['developer', 403],
    ['billing', 403],
    ['viewer', 403],
  ])('as %s: %i', async (role, status) => {
    const user = await harness.signUp();
    await addMember(harness.prisma, tenant.tenantId, user.id, role);
    const response = await user.client.post(keysPath, {
      name: 'm',
      kind: 'management',
      scopes: ['keys:read'],
    });
    expect(response.status).toBe(status);
  });

  it('refuses data-plane scopes, missing scopes, and models on a management key', async () => {
    const response = await tenant.owner.client.post(keysPath, {
      name: 'm',
      kind: 'management',
      scopes: ['inference'],
      allowedModels: ['gpt-4o'],
    });
    expect(response.status).toBe(400);
    expect(
      errorOf(response)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual(['body.allowedModels', 'body.scopes.0']);
    const noScopes = await tenant.owner.client.post(keysPath, { name: 'm', kind: 'management' });
    expect(errorOf(noScopes).errors?.[0]?.location).toBe('body.scopes');
    const wrongWay = await tenant.owner.client.post(keysPath, { name: 'd', scopes: ['keys:write'] });
    expect(errorOf(wrongWay).errors?.[0]?.location).toBe('body.scopes.0');
  });
});

describe('calling /api with a management key', () => {
  it('creates and lists data-plane keys without cookies or CSRF, audited as the key', async () => {
    const { key: managementKeyView, secret } = await managementKey(['keys:read', 'keys:write']);
    const bot = automation(secret);
    const created = await bot.post<Issued>(keysPath, { name: 'made by automation' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatchObject({ kind: 'data_plane', createdById: null });
    expect((await bot.get(keysPath)).status).toBe(200);
    expect(bot.cookies.size).toBe(0);

    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId: tenant.tenantId, action: 'api_key.created', targetId: created.body.key.id },
    });
    expect(entry).toMatchObject({ actorType: 'api_key', actorId: managementKeyView.id });
  });

  it('is held to its scopes (403) and to its tenant (404, as if missing)', async () => {
    const { secret } = await managementKey(['keys:read']);
    const bot = automation(secret);
    expect(errorOf(await bot.post(keysPath, { name: 'x' })).code).toBe('permission_denied');
    expect((await bot.get(`/api/tenants/${tenant.slug}/members`)).status).toBe(403);

    const other = await harness.tenantWithOwner();
    const foreign = await bot.get(`/api/tenants/${other.slug}/api-keys`);
    expect(foreign.status).toBe(404);
    expect(errorOf(foreign).message).toBe('Tenant not found.');
  });

  it('cannot issue or change management keys, even with keys:write', async () => {
    const { secret } = await managementKey(['keys:read', 'keys:write']);
    const { key: sibling } = await managementKey(['keys:read']);
    const bot = automation(secret);
    expect(
      (await bot.post(keysPath, { name: 'escalate', kind: 'management', scopes: ['keys:write'] })).status,
    ).toBe(403);
    expect((await bot.post(`${keysPath}/${sibling.id}/revoke`)).status).toBe(403);
    expect((await bot.patch(`${keysPath}/${sibling.id}`, { scopes: ['members:write'] })).status).toBe(403);
  });

  it('cannot use routes that need a person', async () => {
    const { secret } = await managementKey(['tenant:read']);
    const bot = automation(secret);
    expect((await bot.get('/api/auth/me')).status).toBe(403);
    expect((await bot.post('/api/tenants', { slug: `bot-${Date.now()}`, name: 'Bot' })).status).toBe(403);
    expect((await bot.get(`/api/tenants/${tenant.slug}`)).status).toBe(200);
  });

  it('stops working once revoked or expired, and never works on the data plane', async () => {
    const { key, secret } = await managementKey(['tenant:read']);
    const bot = automation(secret);
    const tenantPath = `/api/tenants/${tenant.slug}`;
    expect((await bot.get(tenantPath)).status).toBe(200);
    const dataPlane = await fetch(`${harness.gateway.dataPlaneUrl}/v1/models`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(dataPlane.status).toBe(401);

    await tenant.owner.client.post(`${keysPath}/${key.id}/revoke`);
    const refused = await bot.get(tenantPath);
    expect(refused.status).toBe(401);
    expect(errorOf(refused).code).toBe('unauthenticated');

    const expiring = await managementKey(['tenant:read']);
    await harness.prisma.apiKey.update({ where: { id: expiring.key.id }, data: { expiresAt: new Date() } });
    expect((await automation(expiring.secret).get(tenantPath)).status).toBe(401);
  });

  it('refuses a data-plane key or garbage in the Authorization header', async () => {
    const { body } = await tenant.owner.client.post<Issued>(keysPath, { name: 'data plane' });
    expect((await automation(body.secret).get(`/api/tenants/${tenant.slug}`)).status).toBe(401);
    const garbage = await harness.client().get('/api/auth/me', { headers: { authorization: 'Basic abc' } });
    expect(garbage.status).toBe(401);
  });
});

describe('auditing management-key use', () => {
  it('records every request a key makes in its tenant chain, reads included, with the route template', async () => {
    const { key, secret } = await managementKey(['keys:read', 'keys:write']);
    const bot = automation(secret);
    expect((await bot.get(`${keysPath}?limit=5`)).status).toBe(200);
    const created = await bot.post<Issued>(keysPath, { name: 'made by automation' });
    expect(created.status).toBe(201);

    const entries = await harness.prisma.auditLogEntry.findMany({
      where: { tenantId: tenant.tenantId, actorId: key.id },
      orderBy: { sequence: 'asc' },
    });
    expect(entries.map((entry) => [entry.action, entry.after])).toEqual([
      ['management_key.used', { method: 'GET', route: '/api/tenants/:tenantSlug/api-keys' }],
      ['management_key.used', { method: 'POST', route: '/api/tenants/:tenantSlug/api-keys' }],
      ['api_key.created', expect.objectContaining({ id: created.body.key.id, name: 'made by automation' })],
    ]);
    expect(entries.every((entry) => entry.actorType === 'api_key' && entry.targetId !== null)).toBe(true);
  });

  it('records nothing for a refused key', async () => {
    const before = await harness.prisma.auditLogEntry.count({ where: { tenantId: tenant.tenantId } });
    const response = await automation(`lg_mgmt_${'x'.repeat(40)}`).get(keysPath);
    expect(response.status).toBe(401);
    expect(await harness.prisma.auditLogEntry.count({ where: { tenantId: tenant.tenantId } })).toBe(before);
  });
});
