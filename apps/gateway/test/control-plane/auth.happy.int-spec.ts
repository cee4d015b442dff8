import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContract, type SessionResponse } from '@llmguard/shared';
import {
  startControlPlane,
  TEST_PASSWORD,
  uniqueEmail,
  type ControlPlaneHarness,
} from './support/control-plane-harness';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

describe('sign-up', () => {
  it('creates the account, stores an argon2id hash, and signs the new user in', async () => {
    const email = uniqueEmail('signup');
    const browser = harness.client();
    const response = await browser.post<SessionResponse>(authContract.signup.path, {
      email: `  ${email.toUpperCase()} `,
      password: TEST_PASSWORD,
      name: '  Ada Lovelace ',
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email, name: 'Ada Lovelace', isPlatformAdmin: false });
    expect(authContract.signup.response.safeParse(response.body).success).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain(TEST_PASSWORD);

    const row = await harness.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$/);

    const me = await browser.get<{ user: { id: string } }>(authContract.me.path);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(row.id);
  });
});

describe('session cookies', () => {
  it('sets an httpOnly SameSite=Lax session cookie and a script-readable CSRF cookie equal to the token', async () => {
    const user = await harness.signUp();
    const response = await harness.client().post<SessionResponse>(authContract.login.path, {
      email: user.email,
      password: user.password,
    });
    expect(response.status).toBe(200);
    const session = response.setCookies.find((cookie) => cookie.startsWith('llmguard_session='));
    const csrf = response.setCookies.find((cookie) => cookie.startsWith('llmguard_csrf='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Path=\//);
    // NODE_ENV=test and SESSION_COOKIE_SECURE unset: not Secure, so http://localhost works.
    expect(session).not.toMatch(/Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toContain(`llmguard_csrf=${response.body.csrfToken}`);
  });

  it('keeps only a hash of the session id in Redis, under the sessions: prefix, with a sliding TTL', async () => {
    const user = await harness.signUp();
    const sessionId = user.client.cookies.get('llmguard_session') ?? '';
    const key = `${harness.redisKeyPrefix}sessions:${createHash('sha256').update(sessionId).digest('hex')}`;
    expect(await harness.redis.exists(key)).toBe(1);
    const keys = await harness.redis.keys(`${harness.redisKeyPrefix}sessions:*`);
    expect(keys.some((name) => name.includes(sessionId))).toBe(false);

    await harness.redis.expire(key, 100);
    await user.client.get(authContract.me.path);
    expect(await harness.redis.ttl(key)).toBeGreaterThan(100);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the password, and sign-out ends only that session', async () => {
    const user = await harness.signUp();
    const laptop = harness.client();
    expect(
      (await laptop.post(authContract.login.path, { email: user.email, password: user.password })).status,
    ).toBe(200);

    expect((await laptop.post(authContract.logout.path)).status).toBe(204);
    expect(laptop.cookies.has('llmguard_session')).toBe(false);
    expect((await laptop.get(authContract.me.path)).status).toBe(401);
    // The sign-up browser's own session is untouched.
    expect((await user.client.get(authContract.me.path)).status).toBe(200);
  });

  it('signs out everywhere: every session of the user ends, other users keep theirs', async () => {
    const user = await harness.signUp();
    const other = await harness.signUp();
    const devices = [harness.client(), harness.client()];
    for (const device of devices) {
      await device.post(authContract.login.path, { email: user.email, password: user.password });
      expect((await device.get(authContract.me.path)).status).toBe(200);
    }

    expect((await devices[0]!.post(authContract.logoutAll.path)).status).toBe(204);

    for (const browser of [...devices, user.client]) {
      expect((await browser.get(authContract.me.path)).status).toBe(401);
    }
    expect((await other.client.get(authContract.me.path)).status).toBe(200);
    // A new sign-in after it works as usual.
    const again = harness.client();
    await again.post(authContract.login.path, { email: user.email, password: user.password });
    expect((await again.get(authContract.me.path)).status).toBe(200);
  });

  it('records sign-up, sign-in and sign-out in the platform audit chain', async () => {
    const user = await harness.signUp();
    const browser = harness.client();
    await browser.post(authContract.login.path, { email: user.email, password: user.password });
    await browser.post(authContract.logout.path);
    const entries = await harness.prisma.auditLogEntry.findMany({
      where: { tenantId: null, actorId: user.id },
      orderBy: { sequence: 'asc' },
    });
    expect(entries.map((entry) => entry.action)).toEqual([
      'user.signed_up',
      'user.logged_in',
      'user.logged_out',
    ]);
    expect(entries[1]).toMatchObject({
      actorType: 'user',
      targetType: 'user',
      targetId: user.id,
      ip: '127.0.0.1',
    });
    expect(JSON.stringify(entries.map((entry) => [entry.before, entry.after]))).not.toContain('argon2');
  });
});
