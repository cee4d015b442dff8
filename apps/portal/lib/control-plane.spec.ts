import { apiKeysContract, authContract } from '@llmguard/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The plumbing of every portal page and action: the browser's cookies, address and user agent go to
// the control plane, the CSRF token is echoed on changes, answers are parsed with the shared contract,
// and the cookies the control plane sets come back on the portal's own response. next/headers is
// replaced by a jar and the browser's request headers.

const jar = vi.hoisted(() => {
  const values = new Map<string, string>();
  const set = vi.fn((cookie: { name: string; value: string }) => values.set(cookie.name, cookie.value));
  return {
    values,
    set,
    get: (name: string) => (values.has(name) ? { name, value: values.get(name) } : undefined),
  };
});

const incoming = vi.hoisted(() => new Map<string, string>());

vi.mock('next/headers', () => ({
  cookies: async () => jar,
  headers: async () => ({ get: (name: string) => incoming.get(name) ?? null }),
}));

const { callControlPlane, callControlPlaneFromAction, UNEXPECTED_ANSWER_MESSAGE } =
  await import('./control-plane');

type Call = { url: string; init: RequestInit };
let calls: Call[];

function answer(status: number, body: unknown, setCookies: string[] = []): void {
  vi.stubGlobal('fetch', async (input: URL | string, init: RequestInit) => {
    calls.push({ url: String(input), init });
    const headers = new Headers({ 'content-type': 'application/json' });
    for (const cookie of setCookies) headers.append('set-cookie', cookie);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers });
  });
}

const user = {
  id: 'usr_0123456789abcdefghijkl',
  email: 'ada@example.com',
  name: 'Ada',
  emailVerifiedAt: null,
  isPlatformAdmin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => {
  calls = [];
  jar.values.clear();
  jar.set.mockClear();
  incoming.clear();
  vi.stubEnv('CONTROL_PLANE_URL', 'http://cp.test:8081');
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('callControlPlane', () => {
  it('calls the contract path with the browser cookies and parses the answer', async () => {
    jar.values.set('llmguard_session', 'sess');
    jar.values.set('llmguard_csrf', 'tok');
    answer(200, { user });
    const result = await callControlPlane(authContract.me);
    expect(result).toEqual({ ok: true, data: { user }, setCookieHeaders: [] });
    expect(calls[0]?.url).toBe('http://cp.test:8081/api/auth/me');
    expect(calls[0]?.init.method).toBe('GET');
    expect(new Headers(calls[0]?.init.headers).get('cookie')).toBe(
      'llmguard_session=sess; llmguard_csrf=tok',
    );
    expect(new Headers(calls[0]?.init.headers).get('x-csrf-token')).toBeNull();
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('fills path parameters, sends the JSON body and echoes the CSRF token on a change', async () => {
    jar.values.set('llmguard_session', 'sess');
    jar.values.set('llmguard_csrf', 'tok');
    answer(404, { error: { code: 'not_found', message: 'No such key.', requestId: 'req_9' } });
    const result = await callControlPlane(apiKeysContract.revoke, {
      params: { tenantSlug: 'acme corp', keyId: 'key_1' },
    });
    expect(calls[0]?.url).toBe('http://cp.test:8081/api/tenants/acme%20corp/api-keys/key_1/revoke');
    expect(calls[0]?.init.method).toBe('POST');
    expect(new Headers(calls[0]?.init.headers).get('x-csrf-token')).toBe('tok');
    expect(result).toEqual({
      ok: false,
      failure: { kind: 'http', status: 404, code: 'not_found', message: 'No such key.', requestId: 'req_9' },
    });
  });

  // The control plane audits and throttles by the browser's address (it trusts the portal's X-Forwarded-For).
  it("forwards the browser's address chain and user agent, never its other headers", async () => {
    incoming.set('x-forwarded-for', '203.0.113.7');
    incoming.set('user-agent', 'Mozilla/5.0 (E2E)');
    incoming.set('accept-language', 'fr');
    answer(200, { user });
    await callControlPlane(authContract.me);
    const sent = new Headers(calls[0]?.init.headers);
    expect(sent.get('x-forwarded-for')).toBe('203.0.113.7');
    expect(sent.get('user-agent')).toBe('Mozilla/5.0 (E2E)');
    expect(sent.get('accept-language')).toBeNull();
  });

  // A 2xx whose body breaks the contract must not reach a page as if it were valid.
  it('reports an answer that does not match the contract', async () => {
    answer(200, { user: { id: 'not-a-user' } });
    expect(await callControlPlane(authContract.me)).toEqual({
      ok: false,
      failure: { kind: 'http', status: 200, message: UNEXPECTED_ANSWER_MESSAGE },
    });
  });

  it('does not set cookies itself: server components cannot', async () => {
    answer(200, { user }, ['llmguard_session=new; Path=/; HttpOnly']);
    await callControlPlane(authContract.me);
    expect(jar.set).not.toHaveBeenCalled();
  });
});

describe('callControlPlaneFromAction', () => {
  it('re-issues the session and CSRF cookies the control plane set on the portal response', async () => {
    answer(200, { user, csrfToken: 'tok2' }, [
      'llmguard_session=sess2; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600',
      'llmguard_csrf=tok2; Path=/; SameSite=Lax',
    ]);
    const result = await callControlPlaneFromAction(authContract.login, {
      body: { email: 'ada@example.com', password: 'correct horse battery' },
    });
    expect(result.ok).toBe(true);
    expect(calls[0]?.init.body).toBe('{"email":"ada@example.com","password":"correct horse battery"}');
    expect(new Headers(calls[0]?.init.headers).get('content-type')).toBe('application/json');
    expect(jar.set.mock.calls.map(([cookie]) => cookie)).toEqual([
      { name: 'llmguard_session', value: 'sess2', path: '/', httpOnly: true, sameSite: 'lax', maxAge: 3600 },
      { name: 'llmguard_csrf', value: 'tok2', path: '/', sameSite: 'lax' },
    ]);
  });

  it('answers 204 endpoints with no data', async () => {
    answer(204, undefined, ['llmguard_session=; Path=/; Max-Age=0']);
    const result = await callControlPlaneFromAction(authContract.logout);
    expect(result).toEqual({
      ok: true,
      data: undefined,
      setCookieHeaders: ['llmguard_session=; Path=/; Max-Age=0'],
    });
    expect(jar.set).toHaveBeenCalledWith({ name: 'llmguard_session', value: '', path: '/', maxAge: 0 });
  });

  it('sets no cookie when the call failed', async () => {
    answer(
      401,
      { error: { code: 'invalid_credentials', message: 'Incorrect email or password.', requestId: 'r' } },
      ['x=1; Path=/'],
    );
    const result = await callControlPlaneFromAction(authContract.login, {
      body: { email: 'ada@example.com', password: 'nope' },
    });
    expect(result).toMatchObject({
      ok: false,
      failure: { status: 401, message: 'Incorrect email or password.' },
    });
    expect(jar.set).not.toHaveBeenCalled();
  });
});
