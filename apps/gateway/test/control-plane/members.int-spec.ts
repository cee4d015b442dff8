import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContract, newId, type MemberView } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import {
  startControlPlane,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import { addMember } from './support/members';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Page<Item> = { data: Item[]; nextCursor: string | null };

/** A tenant with an owner, an admin and a viewer. */
async function team() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const member = async (role: 'admin' | 'viewer' | 'owner'): Promise<SignedUpUser & { memberId: string }> => {
    const user = await harness.signUp();
    return { ...user, memberId: await addMember(harness.prisma, tenantId, user.id, role) };
  };
  const admin = await member('admin');
  const viewer = await member('viewer');
  const ownerMemberId = (
    await harness.prisma.membership.findFirstOrThrow({ where: { tenantId, userId: owner.id } })
  ).id;
  const path = (memberId = '') => `/api/tenants/${slug}/members${memberId ? `/${memberId}` : ''}`;
  return { slug, tenantId, owner, ownerMemberId, admin, viewer, member, path };
}

describe('members', () => {
  it('lists members with email, name and role, never password data, in bounded pages', async () => {
    const { path, owner, admin, viewer } = await team();
    const page = await viewer.client.get<Page<MemberView>>(path(), { query: { limit: 2 } });
    expect(page.status).toBe(200);
    expect(page.body.data.map((member) => [member.email, member.role])).toEqual([
      [owner.email, 'owner'],
      [admin.email, 'admin'],
    ]);
    expect(JSON.stringify(page.body)).not.toMatch(/argon|password/i);
    const rest = await viewer.client.get<Page<MemberView>>(path(), {
      query: { limit: 2, cursor: page.body.nextCursor ?? '' },
    });
    expect(rest.body.data.map((member) => member.email)).toEqual([viewer.email]);
  });

  it("shows each member's last sign-in: signing up counts, a later log-in moves it, never is null", async () => {
    const { path, tenantId, owner, viewer } = await team();
    const neverId = newId('usr');
    await harness.prisma.user.create({
      data: { id: neverId, email: `${neverId}@example.com`.toLowerCase(), name: 'Never Signed In' },
    });
    await addMember(harness.prisma, tenantId, neverId, 'viewer');
    const lastLogins = async () => {
      const page = await owner.client.get<Page<MemberView>>(path());
      expect(page.status).toBe(200);
      return new Map(page.body.data.map((member) => [member.userId, member.lastLoginAt]));
    };

    const before = await lastLogins();
    expect(before.get(neverId)).toBeNull();
    const signedUpAt = Date.parse(before.get(viewer.id)!);
    expect(Date.now() - signedUpAt).toBeLessThan(60_000);

    const login = await harness
      .client()
      .post(authContract.login.path, { email: viewer.email, password: viewer.password });
    expect(login.status).toBe(200);
    const after = await lastLogins();
    expect(Date.parse(after.get(viewer.id)!)).toBeGreaterThan(signedUpAt);
  });

  it('keeps the last sign-in out of the audit snapshots of a membership', async () => {
    const { path, owner, viewer, tenantId } = await team();
    expect((await owner.client.patch(path(viewer.memberId), { role: 'developer' })).status).toBe(200);
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId, action: 'member.role_changed' },
    });
    expect(entry.before).not.toHaveProperty('lastLoginAt');
    expect(entry.after).not.toHaveProperty('lastLoginAt');
  });

  it('changes a role and audits before and after in the same chain', async () => {
    const { path, admin, viewer, tenantId } = await team();
    const response = await admin.client.patch<MemberView>(path(viewer.memberId), { role: 'developer' });
    expect(response.status).toBe(200);
    expect(response.body.role).toBe('developer');
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId, action: 'member.role_changed' },
    });
    expect(entry).toMatchObject({
      actorId: admin.id,
      targetType: 'membership',
      targetId: viewer.memberId,
      before: { role: 'viewer' },
      after: { role: 'developer' },
    });
  });

  it('removes a member, who then sees the tenant as missing', async () => {
    const { path, slug, owner, viewer, tenantId } = await team();
    expect((await owner.client.delete(path(viewer.memberId))).status).toBe(204);
    expect((await viewer.client.get(`/api/tenants/${slug}`)).status).toBe(404);
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId, action: 'member.removed' },
    });
    expect(entry.before).toMatchObject({ userId: viewer.id });
    expect(entry.after).toBeNull();
  });

  it('lets only owners grant, take away or remove the owner role (403 for admins)', async () => {
    const { path, owner, admin, ownerMemberId, member } = await team();
    expect(errorOf(await admin.client.patch(path(admin.memberId), { role: 'owner' })).code).toBe(
      'permission_denied',
    );
    expect((await admin.client.patch(path(ownerMemberId), { role: 'admin' })).status).toBe(403);
    expect((await admin.client.delete(path(ownerMemberId))).status).toBe(403);

    const coOwner = await member('admin');
    expect((await owner.client.patch(path(coOwner.memberId), { role: 'owner' })).status).toBe(200);
    expect((await coOwner.client.delete(path(ownerMemberId))).status).toBe(204);
  });

  it('keeps the last owner (409), also when two owners demote each other at once', async () => {
    const { path, owner, ownerMemberId, member, tenantId } = await team();
    expect(errorOf(await owner.client.patch(path(ownerMemberId), { role: 'admin' })).code).toBe('conflict');
    expect((await owner.client.delete(path(ownerMemberId))).status).toBe(409);

    // Whichever demotion commits first wins; the other finds either the last owner (409) or that its caller is no
    // longer an owner (403). Either way one owner remains.
    const second = await member('owner');
    const results = await Promise.all([
      owner.client.patch(path(second.memberId), { role: 'admin' }),
      second.client.patch(path(ownerMemberId), { role: 'admin' }),
    ]);
    const statuses = results.map((result) => result.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(await harness.prisma.membership.count({ where: { tenantId, role: 'owner' } })).toBe(1);
  });

  it('answers 404 for a member id that is not in this tenant', async () => {
    const first = await team();
    const second = await team();
    // A real membership of another tenant, addressed through this tenant's path.
    const response = await first.owner.client.patch(first.path(second.viewer.memberId), { role: 'admin' });
    expect(response.status).toBe(404);
    expect(errorOf(response).message).toBe('Member not found.');
    expect((await first.owner.client.delete(first.path(second.viewer.memberId))).status).toBe(404);
    const untouched = await harness.prisma.membership.findUniqueOrThrow({
      where: { id: second.viewer.memberId },
    });
    expect(untouched.role).toBe('viewer');
  });
});
