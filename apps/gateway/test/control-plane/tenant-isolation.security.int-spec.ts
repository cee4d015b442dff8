import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyView, AuditEntryView, MemberView } from '@llmguard/shared';
import { errorOf, type ApiClient, type ApiResponse } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { addMember } from './support/members';

// Tenant B's owner holds every permission in B, and still can never read or change tenant A's keys, members or
// audit entries by id through B's paths: the answer is the 404 of a resource that does not exist.

type Page<Item> = { data: Item[]; nextCursor: string | null };

let harness: ControlPlaneHarness;
let a: { slug: string; tenantId: string; keyId: string; memberId: string; owner: ApiClient };
let b: { slug: string; tenantId: string; owner: ApiClient };

beforeAll(async () => {
  harness = await startControlPlane();
  const tenantA = await harness.tenantWithOwner();
  const key = await tenantA.owner.client.post<{ key: ApiKeyView }>(`/api/tenants/${tenantA.slug}/api-keys`, {
    name: 'A secret key',
  });
  const member = await harness.signUp();
  const memberId = await addMember(harness.prisma, tenantA.tenantId, member.id, 'developer');
  a = { ...tenantA, keyId: key.body.key.id, memberId, owner: tenantA.owner.client };
  const tenantB = await harness.tenantWithOwner();
  b = { ...tenantB, owner: tenantB.owner.client };
  await b.owner.post(`/api/tenants/${b.slug}/api-keys`, { name: 'B key' });
});

afterAll(async () => {
  await harness?.close();
});

function expectMissing(response: ApiResponse, what: string) {
  expect(response.status).toBe(404);
  expect(errorOf(response).message).toBe(`${what} not found.`);
}

describe("tenant B cannot reach tenant A's API keys", () => {
  it('cannot read, change, revoke or rotate them by id', async () => {
    const path = `/api/tenants/${b.slug}/api-keys/${a.keyId}`;
    expectMissing(await b.owner.get(path), 'API key');
    expectMissing(await b.owner.patch(path, { name: 'hijacked' }), 'API key');
    expectMissing(await b.owner.post(`${path}/revoke`), 'API key');
    expectMissing(await b.owner.post(`${path}/rotate`), 'API key');
    const key = await harness.prisma.apiKey.findUniqueOrThrow({ where: { id: a.keyId } });
    expect(key).toMatchObject({ name: 'A secret key', revokedAt: null, expiresAt: null });
    expect(await harness.prisma.apiKey.count({ where: { rotatedFromId: a.keyId } })).toBe(0);
  });

  it("never lists them, even with a cursor taken from tenant A's list", async () => {
    const list = await b.owner.get<Page<ApiKeyView>>(`/api/tenants/${b.slug}/api-keys`);
    expect(list.body.data.map((key) => key.name)).toEqual(['B key']);
    const withForeignCursor = await b.owner.get<Page<ApiKeyView>>(`/api/tenants/${b.slug}/api-keys`, {
      query: { cursor: a.keyId },
    });
    expect(withForeignCursor.body.data.every((key) => key.name === 'B key')).toBe(true);
  });
});

describe("tenant B cannot reach tenant A's members", () => {
  it('cannot change or remove them by id, and does not list them', async () => {
    const path = `/api/tenants/${b.slug}/members/${a.memberId}`;
    expectMissing(await b.owner.patch(path, { role: 'owner' }), 'Member');
    expectMissing(await b.owner.delete(path), 'Member');
    const membership = await harness.prisma.membership.findUniqueOrThrow({ where: { id: a.memberId } });
    expect(membership).toMatchObject({ tenantId: a.tenantId, role: 'developer' });
    const list = await b.owner.get<Page<MemberView>>(`/api/tenants/${b.slug}/members`);
    expect(list.body.data.map((member) => member.id)).not.toContain(a.memberId);
  });
});

describe("tenant B cannot reach tenant A's audit log", () => {
  it("sees only its own chain, even when filtering on tenant A's ids", async () => {
    const all = await b.owner.get<Page<AuditEntryView>>(`/api/tenants/${b.slug}/audit-log`);
    expect(all.body.data.length).toBeGreaterThan(0);
    expect(all.body.data.every((entry) => entry.tenantId === b.tenantId)).toBe(true);
    const filtered = await b.owner.get<Page<AuditEntryView>>(`/api/tenants/${b.slug}/audit-log`, {
      query: { targetId: a.keyId },
    });
    expect(filtered.body.data).toEqual([]);
    const verify = await b.owner.get<{ checked: number }>(`/api/tenants/${b.slug}/audit-log/verify`);
    expect(verify.body.checked).toBe(
      await harness.prisma.auditLogEntry.count({ where: { tenantId: b.tenantId } }),
    );
  });
});
