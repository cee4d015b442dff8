import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyView, InvitationView } from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import {
  startControlPlane,
  uniqueEmail,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import {
  describePermissionMatrix,
  MANAGERS,
  tenantPath,
  type MatrixTenant,
} from './support/permission-matrix';

// Invitations, cell by cell (see support/permission-matrix.ts): owners and admins list, invite and revoke; then
// the management-key scopes that stand for the same actions (members:read, members:write).

/** A fresh pending invitation of the tenant, sent by its owner. */
async function freshInvitationId(tenant: MatrixTenant): Promise<string> {
  const response = await tenant.owner.post<InvitationView>(`${tenantPath(tenant)}/invitations`, {
    email: uniqueEmail('matrix'),
    role: 'viewer',
  });
  return response.body.id;
}

describePermissionMatrix([
  {
    name: 'GET invitations',
    allowed: MANAGERS,
    okStatus: 200,
    call: (c, t) => c.get(`${tenantPath(t)}/invitations`),
  },
  {
    name: 'POST invitations',
    allowed: MANAGERS,
    okStatus: 201,
    call: (c, t) =>
      c.post(`${tenantPath(t)}/invitations`, { email: uniqueEmail('matrix'), role: 'developer' }),
  },
  {
    name: 'POST invitation revoke',
    allowed: MANAGERS,
    okStatus: 200,
    call: async (c, t) => c.post(`${tenantPath(t)}/invitations/${await freshInvitationId(t)}/revoke`),
  },
]);

describe('management keys on invitations', () => {
  let harness: ControlPlaneHarness;
  let tenant: { slug: string; tenantId: string; owner: SignedUpUser };
  let path: string;

  beforeAll(async () => {
    harness = await startControlPlane();
    tenant = await harness.tenantWithOwner();
    path = `/api/tenants/${tenant.slug}/invitations`;
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function keyClient(scopes: string[], owner: ApiClient = tenant.owner.client) {
    const response = await owner.post<{ key: ApiKeyView; secret: string }>(
      `/api/tenants/${tenant.slug}/api-keys`,
      { name: 'automation', kind: 'management', scopes },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const client = harness.client();
    const headers = { authorization: `Bearer ${response.body.secret}` };
    return {
      get: (url: string) => client.get(url, { headers }),
      post: <Body = unknown>(url: string, body?: unknown) => client.post<Body>(url, body, { headers }),
    };
  }

  async function invitationId(): Promise<string> {
    const response = await tenant.owner.client.post<InvitationView>(path, {
      email: uniqueEmail('key'),
      role: 'viewer',
    });
    return response.body.id;
  }

  it.each([
    // scopes, list, invite, revoke
    [['members:read'], 200, 403, 403],
    [['members:write'], 403, 201, 200],
    [['members:read', 'members:write'], 200, 201, 200],
    [['keys:read', 'keys:write', 'tenant:write'], 403, 403, 403],
  ])('with %j: list %i, invite %i, revoke %i', async (scopes, list, invite, revoke) => {
    const key = await keyClient(scopes);
    expect((await key.get(path)).status).toBe(list);
    expect((await key.post(path, { email: uniqueEmail('key'), role: 'developer' })).status).toBe(invite);
    expect((await key.post(`${path}/${await invitationId()}/revoke`)).status).toBe(revoke);
  });

  it('sends an invitation with no inviting user, and never one for an owner', async () => {
    const key = await keyClient(['members:write']);
    const sent = await key.post<InvitationView>(path, { email: uniqueEmail('key'), role: 'admin' });
    expect(sent.status).toBe(201);
    expect(sent.body.invitedById).toBeNull();
    const owner = await key.post(path, { email: uniqueEmail('key'), role: 'owner' });
    expect(owner.status).toBe(403);
    expect(errorOf(owner).code).toBe('permission_denied');
  });

  it('answers 404 in another tenant, and a management key cannot accept an invitation', async () => {
    const key = await keyClient(['members:read', 'members:write']);
    const other = await harness.tenantWithOwner();
    expect((await key.get(`/api/tenants/${other.slug}/invitations`)).status).toBe(404);
    const accept = await key.post('/api/invitations/accept', { token: 'A'.repeat(43) });
    expect(accept.status).toBe(403);
  });
});
