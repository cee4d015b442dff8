import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invitationsContract,
  newId,
  type AcceptInvitationResponse,
  type InvitationView,
  type MemberView,
} from '@llmguard/shared';
import { errorOf } from './support/api-client';
import {
  startControlPlane,
  uniqueEmail,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import { addMember } from './support/members';
import { SmtpInbox } from './support/smtp-inbox';

// Invitations over HTTP with a real SMTP inbox: the emailed token makes the invited address a member exactly once,
// and every way a token can be unusable gets its own answer.

const TTL_SECONDS = 3600;
let harness: ControlPlaneHarness;
let inbox: SmtpInbox;
let tenant: { slug: string; tenantId: string; owner: SignedUpUser };
let invitationsPath: string;

beforeAll(async () => {
  inbox = await SmtpInbox.start();
  harness = await startControlPlane({
    SMTP_URL: inbox.url,
    PORTAL_URL: 'http://portal.test',
    INVITATION_TTL_SECONDS: String(TTL_SECONDS),
  });
  tenant = await harness.tenantWithOwner();
  invitationsPath = `/api/tenants/${tenant.slug}/invitations`;
});

afterAll(async () => {
  await harness?.close();
  await inbox?.close();
});

/** Invites an address as the tenant owner and returns the invitation and the token from the email. */
async function invite(
  email: string,
  role = 'developer',
): Promise<{ invitation: InvitationView; token: string }> {
  const address = email.toLowerCase();
  const before = inbox.received(address).length;
  const response = await tenant.owner.client.post<InvitationView>(invitationsPath, { email, role });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const deadline = Date.now() + 5_000;
  while (inbox.received(address).length === before && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const text = inbox.received(address).at(-1)?.text ?? '';
  const token = text.match(/http:\/\/portal\.test\/invite\?token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no invitation link in: ${text}`);
  return { invitation: response.body, token };
}

function accept(user: SignedUpUser, token: string) {
  return user.client.post<AcceptInvitationResponse>(invitationsContract.accept.path, { token });
}

describe('inviting', () => {
  it('emails a one-time link and stores only the SHA-256 of its token', async () => {
    const email = uniqueEmail('invitee');
    const { invitation, token } = await invite(email, 'admin');
    expect(invitation).toMatchObject({
      email,
      role: 'admin',
      status: 'pending',
      invitedById: tenant.owner.id,
    });
    const lifetimeMs = Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt);
    expect(Math.abs(lifetimeMs - TTL_SECONDS * 1000)).toBeLessThan(5_000);
    const text = inbox.received(email).at(-1)!.text;
    expect(text).toContain(`Tenant ${tenant.slug}`);
    expect(text).toContain('as admin');

    const row = await harness.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(invitation)).not.toContain(row.tokenHash);

    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId: tenant.tenantId, action: 'invitation.created', targetId: invitation.id },
    });
    expect(entry.after).toMatchObject({ email, role: 'admin', replacedInvitationId: null });
    const recorded = JSON.stringify([entry.before, entry.after]);
    expect(recorded).not.toContain(token);
    expect(recorded).not.toContain(row.tokenHash);
  });

  it('lower-cases the address and replaces a pending invitation of the same address', async () => {
    const email = uniqueEmail('again');
    const first = await invite(email.toUpperCase());
    expect(first.invitation.email).toBe(email);
    const second = await invite(email, 'viewer');

    const listed = await tenant.owner.client.get<{ data: InvitationView[] }>(invitationsPath, {
      query: { limit: 100 },
    });
    const mine = listed.body.data.filter((invitation) => invitation.email === email);
    expect(mine.map((invitation) => [invitation.id, invitation.status])).toEqual([
      [second.invitation.id, 'pending'],
      [first.invitation.id, 'revoked'],
    ]);
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { action: 'invitation.created', targetId: second.invitation.id },
    });
    expect(entry.after).toMatchObject({ replacedInvitationId: first.invitation.id });

    const user = await harness.signUp({ email });
    const replaced = await accept(user, first.token);
    expect(replaced.status).toBe(410);
    expect(errorOf(replaced).code).toBe('invitation_revoked');
    expect((await accept(user, second.token)).body.member.role).toBe('viewer');
  });

  it('cannot hold two open invitations of one address, even written concurrently (partial unique index)', async () => {
    const email = uniqueEmail('twice');
    const row = (tokenHash: string) => ({
      id: newId('inv'),
      tenantId: tenant.tenantId,
      email,
      role: 'viewer' as const,
      tokenHash,
      expiresAt: new Date(Date.now() + 60_000),
    });
    // Random token hashes: only the (tenant, email) index can refuse the second row, on every run.
    const randomHash = () => randomBytes(32).toString('hex');
    await harness.prisma.invitation.create({ data: row(randomHash()) });
    await expect(harness.prisma.invitation.create({ data: row(randomHash()) })).rejects.toThrow(
      /invitations_open_tenant_id_email_key/,
    );
    const statuses = await Promise.all(
      [1, 2].map(() => tenant.owner.client.post(invitationsPath, { email, role: 'developer' })),
    );
    expect(statuses.map((response) => response.status)).toContain(201);
    expect(
      await harness.prisma.invitation.count({
        where: { tenantId: tenant.tenantId, email, acceptedAt: null, revokedAt: null },
      }),
    ).toBe(1);
  });

  it('refuses to invite an address that is already a member (409)', async () => {
    const member = await harness.signUp();
    await addMember(harness.prisma, tenant.tenantId, member.id, 'viewer');
    const response = await tenant.owner.client.post(invitationsPath, { email: member.email, role: 'admin' });
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('conflict');
  });

  it('names each invalid field (400)', async () => {
    const response = await tenant.owner.client.post(invitationsPath, { email: 'nope', role: 'emperor' });
    expect(response.status).toBe(400);
    expect(
      errorOf(response)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual(['body.email', 'body.role']);
    const query = await tenant.owner.client.get(invitationsPath, { query: { status: 'lost', limit: 1000 } });
    expect(query.status).toBe(400);
    expect(
      errorOf(query)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual(['query.limit', 'query.status']);
  });

  it('lets only owners invite an owner', async () => {
    const admin = await harness.signUp();
    await addMember(harness.prisma, tenant.tenantId, admin.id, 'admin');
    const byAdmin = await admin.client.post(invitationsPath, { email: uniqueEmail(), role: 'owner' });
    expect(byAdmin.status).toBe(403);
    expect(errorOf(byAdmin).code).toBe('permission_denied');
    const byOwner = await tenant.owner.client.post(invitationsPath, { email: uniqueEmail(), role: 'owner' });
    expect(byOwner.status).toBe(201);
  });
});

describe('listing', () => {
  it('filters by status and pages with a cursor', async () => {
    const fresh = await harness.tenantWithOwner();
    const path = `/api/tenants/${fresh.slug}/invitations`;
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const response = await fresh.owner.client.post<InvitationView>(path, {
        email: uniqueEmail(`page${index}`),
        role: 'viewer',
      });
      ids.push(response.body.id);
    }
    await harness.prisma.invitation.update({
      where: { id: ids[0] },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    await fresh.owner.client.post(`${path}/${ids[1]}/revoke`);

    const byStatus = async (status: string) =>
      (await fresh.owner.client.get<{ data: InvitationView[] }>(path, { query: { status } })).body.data.map(
        (invitation) => invitation.id,
      );
    expect(await byStatus('expired')).toEqual([ids[0]]);
    expect(await byStatus('revoked')).toEqual([ids[1]]);
    expect(await byStatus('pending')).toEqual([ids[2]]);
    expect(await byStatus('accepted')).toEqual([]);

    const first = await fresh.owner.client.get<{ data: InvitationView[]; nextCursor: string | null }>(path, {
      query: { limit: 2 },
    });
    expect(first.body.data.map((invitation) => invitation.id)).toEqual([ids[2], ids[1]]);
    const second = await fresh.owner.client.get<{ data: InvitationView[]; nextCursor: string | null }>(path, {
      query: { limit: 2, cursor: first.body.nextCursor! },
    });
    expect(second.body.data.map((invitation) => invitation.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('revoking', () => {
  it('stops the link from working, is audited, and cannot be repeated', async () => {
    const email = uniqueEmail('revoked');
    const { invitation, token } = await invite(email);
    const revoked = await tenant.owner.client.post<InvitationView>(
      `${invitationsPath}/${invitation.id}/revoke`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { action: 'invitation.revoked', targetId: invitation.id },
    });
    expect(entry.before).toMatchObject({ status: 'pending' });
    expect(entry.after).toMatchObject({ status: 'revoked' });

    const again = await tenant.owner.client.post(`${invitationsPath}/${invitation.id}/revoke`);
    expect(again.status).toBe(409);

    const user = await harness.signUp({ email });
    const response = await accept(user, token);
    expect(response.status).toBe(410);
    expect(errorOf(response).code).toBe('invitation_revoked');
  });

  it("answers 404 for another tenant's invitation, exactly as for a missing one", async () => {
    const other = await harness.tenantWithOwner();
    const { invitation } = await invite(uniqueEmail('foreign'));
    const foreign = await other.owner.client.post(
      `/api/tenants/${other.slug}/invitations/${invitation.id}/revoke`,
    );
    const missing = await other.owner.client.post(
      `/api/tenants/${other.slug}/invitations/inv_0000000000000000000000/revoke`,
    );
    expect(foreign.status).toBe(404);
    expect(errorOf(foreign).message).toBe(errorOf(missing).message);
  });
});

describe('accepting', () => {
  it('makes the signed-in user with the invited address a member with the role, once', async () => {
    const email = uniqueEmail('joiner');
    const { invitation, token } = await invite(email, 'billing');
    // Not verified: holding the emailed token already proves the address.
    const user = await harness.signUp({ email });

    const response = await accept(user, token);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.tenant).toMatchObject({ slug: tenant.slug, role: 'billing' });
    expect(response.body.member).toMatchObject({ userId: user.id, email, role: 'billing' });

    const members = await user.client.get<{ data: MemberView[] }>(`/api/tenants/${tenant.slug}/members`);
    expect(members.status).toBe(200);
    expect(members.body.data.find((member) => member.userId === user.id)?.role).toBe('billing');

    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { action: 'invitation.accepted', targetId: invitation.id },
    });
    expect(entry).toMatchObject({ tenantId: tenant.tenantId, actorType: 'user', actorId: user.id });
    expect(entry.after).toMatchObject({ invitation: { status: 'accepted', acceptedById: user.id } });

    const second = await accept(user, token);
    expect(second.status).toBe(410);
    expect(errorOf(second).code).toBe('invitation_used');
  });

  it('refuses an expired invitation (410 invitation_expired)', async () => {
    const email = uniqueEmail('late');
    const { invitation, token } = await invite(email);
    await harness.prisma.invitation.update({
      where: { id: invitation.id },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    const response = await accept(await harness.signUp({ email }), token);
    expect(response.status).toBe(410);
    expect(errorOf(response).code).toBe('invitation_expired');
  });

  it('refuses a user whose email is not the invited address (403), without naming it', async () => {
    const email = uniqueEmail('intended');
    const { token } = await invite(email);
    const response = await accept(await harness.signUp(), token);
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('permission_denied');
    expect(errorOf(response).message).not.toContain(email);
  });

  it('refuses a user who is already a member (409) and leaves the invitation usable', async () => {
    const email = uniqueEmail('member');
    const { invitation, token } = await invite(email);
    const user = await harness.signUp({ email });
    await addMember(harness.prisma, tenant.tenantId, user.id, 'viewer');
    const response = await accept(user, token);
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('conflict');
    const row = await harness.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.acceptedAt).toBeNull();
  });

  it('refuses while the tenant is suspended (403 tenant_suspended), and works once it is active again', async () => {
    const email = uniqueEmail('paused');
    const { token } = await invite(email);
    const user = await harness.signUp({ email });
    await harness.prisma.tenant.update({ where: { id: tenant.tenantId }, data: { status: 'suspended' } });
    try {
      const refused = await accept(user, token);
      expect(refused.status).toBe(403);
      expect(errorOf(refused).code).toBe('tenant_suspended');
    } finally {
      await harness.prisma.tenant.update({ where: { id: tenant.tenantId }, data: { status: 'active' } });
    }
    expect((await accept(user, token)).status).toBe(200);
  });

  it('answers 404 for an unknown token, 400 for a malformed one, 401 without a session', async () => {
    const user = await harness.signUp();
    const unknown = await accept(user, 'A'.repeat(43));
    expect(unknown.status).toBe(404);
    const malformed = await user.client.post(invitationsContract.accept.path, { token: 'no spaces!' });
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed).errors?.[0]?.location).toBe('body.token');
    const anonymous = await harness.client().post(invitationsContract.accept.path, { token: 'A'.repeat(43) });
    expect(anonymous.status).toBe(401);
  });

  it('lets exactly one of two concurrent accepts through', async () => {
    const email = uniqueEmail('race');
    const { token } = await invite(email);
    const user = await harness.signUp({ email });
    const statuses = (await Promise.all([accept(user, token), accept(user, token)])).map(
      (response) => response.status,
    );
    expect(statuses.sort()).toEqual([200, 410].sort());
    expect(
      await harness.prisma.membership.count({ where: { tenantId: tenant.tenantId, userId: user.id } }),
    ).toBe(1);
  });
});
