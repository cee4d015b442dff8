import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authContract, tenantsContract } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import {
  startControlPlane,
  TEST_PASSWORD,
  uniqueEmail,
  uniqueTag,
  type ControlPlaneHarness,
} from './support/control-plane-harness';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  // A low per-address limit so the address throttle can be reached; per email stays at the default 5.
  harness = await startControlPlane({ LOGIN_MAX_FAILURES_PER_IP: '12' });
});

afterAll(async () => {
  await harness?.close();
});

describe('400 validation_failed', () => {
  it('lists every field at fault with its location, message and a fix', async () => {
    const response = await harness
      .client()
      .post(authContract.signup.path, { email: 'not-an-email', password: 'short', nickname: 'x' });
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_failed');
    const locations = error.errors?.map((detail) => detail.location).sort();
    expect(locations).toEqual(['body.email', 'body.name', 'body.nickname', 'body.password']);
    const password = error.errors?.find((detail) => detail.location === 'body.password');
    expect(password?.fix).toBe('Use at least 12 characters.');
    expect(error.errors?.find((detail) => detail.location === 'body.name')?.message).toBe(
      'This field is required.',
    );
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('refuses a sign-in without a password before any credential check', async () => {
    const response = await harness.client().post(authContract.login.path, { email: uniqueEmail() });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.map((detail) => detail.location)).toEqual(['body.password']);
  });
});

describe('409 on sign-up', () => {
  it('refuses a second account for the same email, whatever its case', async () => {
    const user = await harness.signUp();
    const response = await harness.client().post(authContract.signup.path, {
      email: user.email.toUpperCase(),
      password: TEST_PASSWORD,
      name: 'Twin',
    });
    expect(response.status).toBe(409);
    expect(errorOf(response).code).toBe('conflict');
  });
});

describe('401', () => {
  it('answers a wrong password and an unknown email identically', async () => {
    const user = await harness.signUp();
    const wrongPassword = await harness
      .client()
      .post(authContract.login.path, { email: user.email, password: 'not the password' });
    const unknownEmail = await harness
      .client()
      .post(authContract.login.path, { email: uniqueEmail('nobody'), password: 'not the password' });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401);
      expect(response.setCookies).toEqual([]);
    }
    const { requestId: _first, ...first } = errorOf(wrongPassword);
    const { requestId: _second, ...second } = errorOf(unknownEmail);
    expect(first).toEqual(second);
    expect(first.code).toBe('invalid_credentials');
  });

  it('audits every failed sign-in in the platform chain, without the password', async () => {
    const user = await harness.signUp();
    await harness.client().post(authContract.login.path, { email: user.email, password: 'wrong password 1' });
    const entry = await harness.prisma.auditLogEntry.findFirst({
      where: { tenantId: null, action: 'user.login_failed', actorId: user.id },
    });
    expect(entry).toMatchObject({
      targetId: user.id,
      after: { email: user.email, reason: 'invalid_credentials' },
    });
    expect(JSON.stringify(entry?.after)).not.toContain('wrong password');
  });

  it('refuses /api routes without a session, with a forged session, and after sign-out', async () => {
    expect(errorOf(await harness.client().get(authContract.me.path)).code).toBe('unauthenticated');
    const forged = harness.client();
    forged.cookies.set('llmguard_session', 'x'.repeat(43));
    expect((await forged.get(authContract.me.path)).status).toBe(401);

    const user = await harness.signUp();
    const stolenCookie = user.client.cookies.get('llmguard_session') ?? '';
    await user.client.post(authContract.logout.path);
    const replay = harness.client();
    replay.cookies.set('llmguard_session', stolenCookie);
    expect((await replay.get(authContract.me.path)).status).toBe(401);
  });

  it('ends the sessions of a disabled account at its next request', async () => {
    const user = await harness.signUp();
    await harness.prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await user.client.get(authContract.me.path)).status).toBe(401);
    const login = await harness
      .client()
      .post(authContract.login.path, { email: user.email, password: user.password });
    expect(login.status).toBe(403);
  });
});

describe('403 csrf_failed', () => {
  it('refuses a state-changing request with a session cookie but no CSRF header, and changes nothing', async () => {
    const user = await harness.signUp();
    const slug = `csrf-${uniqueTag()}`;
    const response = await user.client.post(
      tenantsContract.create.path,
      { slug, name: 'CSRF' },
      { csrf: false },
    );
    expect(response.status).toBe(403);
    expect(errorOf(response).code).toBe('csrf_failed');
    expect(await harness.prisma.tenant.findUnique({ where: { slug } })).toBeNull();
    // Sign-out is state-changing too: without the header the session survives.
    expect((await user.client.post(authContract.logout.path, undefined, { csrf: false })).status).toBe(403);
    expect((await user.client.get(authContract.me.path)).status).toBe(200);
  });

  it("refuses a header that matches the cookie but not the session (another session's token)", async () => {
    const victim = await harness.signUp();
    const attacker = await harness.signUp();
    const response = await victim.client.post(authContract.logout.path, undefined, {
      csrf: false,
      headers: {
        'x-csrf-token': attacker.csrfToken,
        cookie: `llmguard_session=${victim.client.cookies.get('llmguard_session')}; llmguard_csrf=${attacker.csrfToken}`,
      },
    });
    expect(response.status).toBe(403);
    expect((await victim.client.get(authContract.me.path)).status).toBe(200);
  });

  it('does not need a CSRF token for reads', async () => {
    const user = await harness.signUp();
    expect((await user.client.get(authContract.me.path, { csrf: false })).status).toBe(200);
  });
});

describe('429 sign-in throttling', () => {
  it('blocks an email after 5 failures for the window, even with the right password, with retry-after', async () => {
    const user = await harness.signUp();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await harness
        .client()
        .post(authContract.login.path, { email: user.email, password: `wrong password ${attempt}` });
      expect(response.status).toBe(401);
    }
    const blocked = await harness
      .client()
      .post(authContract.login.path, { email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(errorOf(blocked).code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // Other emails from the same address are not affected by this email's counter.
    const other = await harness.signUp();
    expect(
      (await harness.client().post(authContract.login.path, { email: other.email, password: other.password }))
        .status,
    ).toBe(200);
  });

  it('blocks an address after its failures across many emails', async () => {
    // 12 per address in this suite; the test above already spent 5 from this address.
    const counterKey = `${harness.redisKeyPrefix}login-failures:ip:127.0.0.1`;
    await harness.redis.del(counterKey);
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const response = await harness
        .client()
        .post(authContract.login.path, { email: uniqueEmail('spray'), password: 'password123456' });
      expect(response.status).toBe(401);
    }
    const user = await harness.signUp();
    const blocked = await harness
      .client()
      .post(authContract.login.path, { email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    await harness.redis.del(counterKey);
  });
});

describe('behind a trusted proxy', () => {
  it('throttles and audits the client address from X-Forwarded-For, not the proxy address', async () => {
    const proxied = await startControlPlane({ TRUSTED_PROXIES: '127.0.0.1', LOGIN_MAX_FAILURES_PER_IP: '2' });
    try {
      const user = await proxied.signUp();
      const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
      for (const attempt of [1, 2]) {
        const response = await proxied
          .client()
          .post(
            authContract.login.path,
            { email: uniqueEmail(), password: `wrong ${attempt}` },
            from('203.0.113.7'),
          );
        expect(response.status).toBe(401);
      }
      const blocked = await proxied
        .client()
        .post(authContract.login.path, { email: user.email, password: user.password }, from('203.0.113.7'));
      expect(blocked.status).toBe(429);
      // Another client behind the same proxy is unaffected.
      const other = await proxied
        .client()
        .post(authContract.login.path, { email: user.email, password: user.password }, from('198.51.100.9'));
      expect(other.status).toBe(200);
      const entry = await proxied.prisma.auditLogEntry.findFirstOrThrow({
        where: { tenantId: null, action: 'user.logged_in', actorId: user.id },
      });
      expect(entry.ip).toBe('198.51.100.9');
    } finally {
      await proxied.close();
    }
  });
});

describe('behind the portal on loopback (the default outside production)', () => {
  it("audits a sign-in with the browser's address and user agent that the portal forwards", async () => {
    // The shared harness runs with TRUSTED_PROXIES unset and NODE_ENV=test, like a developer's stack.
    const user = await harness.signUp();
    const response = await harness
      .client()
      .post(
        authContract.login.path,
        { email: user.email, password: user.password },
        { headers: { 'x-forwarded-for': '192.0.2.44', 'user-agent': 'E2E Browser/1.0 (via the portal)' } },
      );
    expect(response.status).toBe(200);
    const entry = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId: null, action: 'user.logged_in', actorId: user.id },
    });
    expect(entry).toMatchObject({ ip: '192.0.2.44', userAgent: 'E2E Browser/1.0 (via the portal)' });
  });
});

describe('Secure cookies', () => {
  it('marks both cookies Secure when SESSION_COOKIE_SECURE=true', async () => {
    const secure = await startControlPlane({ SESSION_COOKIE_SECURE: 'true' });
    try {
      const response = await secure.client().post(authContract.signup.path, {
        email: uniqueEmail(),
        password: TEST_PASSWORD,
        name: 'Secure',
      });
      expect(response.status).toBe(201);
      expect(response.setCookies).toHaveLength(2);
      for (const cookie of response.setCookies) expect(cookie).toMatch(/; Secure/i);
    } finally {
      await secure.close();
    }
  });
});
