import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContract, type UserView } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, uniqueEmail, type ControlPlaneHarness } from './support/control-plane-harness';
import { SmtpInbox } from './support/smtp-inbox';

let harness: ControlPlaneHarness;
let inbox: SmtpInbox;

beforeAll(async () => {
  inbox = await SmtpInbox.start();
  harness = await startControlPlane({ SMTP_URL: inbox.url, PORTAL_URL: 'http://portal.test' });
});

afterAll(async () => {
  await harness?.close();
  await inbox?.close();
});

async function tokenFrom(to: string, page: 'verify-email' | 'reset-password'): Promise<string> {
  const text = await inbox.waitFor(to, new RegExp(`http://portal\\.test/${page}\\?token=`));
  const token = text.match(new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`))?.[1];
  if (!token) throw new Error(`no ${page} token in: ${text}`);
  return token;
}

describe('email verification', () => {
  it('emails a link at sign-up whose token confirms the address once, without a session', async () => {
    const user = await harness.signUp();
    const token = await tokenFrom(user.email, 'verify-email');

    const confirmed = await harness
      .client()
      .post<{ user: UserView }>(authContract.confirmEmailVerification.path, { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user.emailVerifiedAt).not.toBeNull();
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId: null, action: 'user.email_verified', actorId: user.id },
    });
    expect(entry.before).toMatchObject({ emailVerifiedAt: null });

    const reused = await harness.client().post(authContract.confirmEmailVerification.path, { token });
    expect(reused.status).toBe(400);
    expect(errorOf(reused).errors?.[0]?.location).toBe('body.token');
    expect(JSON.stringify(await harness.redis.keys(`${harness.redisKeyPrefix}email-tokens:*`))).not.toContain(
      token,
    );
  });

  it('sends another link on request, at most once a minute, and refuses when already confirmed', async () => {
    const user = await harness.signUp();
    // Sign-up just sent one: the cooldown applies.
    const early = await user.client.post(authContract.requestEmailVerification.path);
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('60');

    await harness.redis.del(
      ...(await harness.redis.keys(`${harness.redisKeyPrefix}email-cooldown:verify-email:*`)),
    );
    expect((await user.client.post(authContract.requestEmailVerification.path)).status).toBe(204);
    await expect.poll(() => inbox.received(user.email).length).toBe(2);

    await harness.client().post(authContract.confirmEmailVerification.path, {
      token: await tokenFrom(user.email, 'verify-email'),
    });
    await harness.redis.del(
      ...(await harness.redis.keys(`${harness.redisKeyPrefix}email-cooldown:verify-email:*`)),
    );
    expect(errorOf(await user.client.post(authContract.requestEmailVerification.path)).code).toBe('conflict');
  });

  it('refuses a made-up token', async () => {
    const response = await harness
      .client()
      .post(authContract.confirmEmailVerification.path, { token: 'A'.repeat(43) });
    expect(response.status).toBe(400);
  });
});

describe('password reset', () => {
  it('emails a link that sets a new password once and ends every session', async () => {
    const user = await harness.signUp();
    const request = await harness
      .client()
      .post(authContract.requestPasswordReset.path, { email: user.email });
    expect(request.status).toBe(204);
    const token = await tokenFrom(user.email, 'reset-password');

    const newPassword = 'a brand new long password';
    const confirm = await harness
      .client()
      .post(authContract.confirmPasswordReset.path, { token, password: newPassword });
    expect(confirm.status).toBe(204);

    expect((await user.client.get(authContract.me.path)).status).toBe(401);
    const oldLogin = await harness
      .client()
      .post(authContract.login.path, { email: user.email, password: user.password });
    expect(oldLogin.status).toBe(401);
    const newLogin = await harness
      .client()
      .post(authContract.login.path, { email: user.email, password: newPassword });
    expect(newLogin.status).toBe(200);

    const again = await harness
      .client()
      .post(authContract.confirmPasswordReset.path, { token, password: 'yet another password' });
    expect(again.status).toBe(400);
    const actions = (
      await harness.prisma.auditLogEntry.findMany({
        where: { tenantId: null, actorId: user.id, action: { startsWith: 'user.password_reset' } },
        orderBy: { sequence: 'asc' },
      })
    ).map((entry) => entry.action);
    expect(actions).toEqual(['user.password_reset_requested', 'user.password_reset']);
  });

  it('answers an unknown email exactly like a known one, and sends nothing', async () => {
    const email = uniqueEmail('ghost');
    const response = await harness.client().post(authContract.requestPasswordReset.path, { email });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inbox.received(email)).toEqual([]);
  });

  it('keeps the token usable when the new password is refused by validation', async () => {
    const user = await harness.signUp();
    await harness.client().post(authContract.requestPasswordReset.path, { email: user.email });
    const token = await tokenFrom(user.email, 'reset-password');
    const short = await harness
      .client()
      .post(authContract.confirmPasswordReset.path, { token, password: 'short' });
    expect(errorOf(short).errors?.map((detail) => detail.location)).toEqual(['body.password']);
    const ok = await harness
      .client()
      .post(authContract.confirmPasswordReset.path, { token, password: 'long enough password now' });
    expect(ok.status).toBe(204);
  });
});
