import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// requireSession(): the control plane says who is signed in; the portal sends a signed-out browser
// to the login page and keeps a control-plane outage from looking like a logout.

const jar = vi.hoisted(() => ({ values: new Map<string, string>() }));

vi.mock('next/headers', () => ({
  // The browser's request headers: none here (the control-plane client forwards its address and user agent).
  headers: async () => ({ get: () => null }),
  cookies: async () => ({
    get: (name: string) => (jar.values.has(name) ? { name, value: jar.values.get(name) } : undefined),
    set: () => undefined,
  }),
}));

class RedirectSignal extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}
vi.mock('next/navigation', () => ({
  redirect: (location: string) => {
    throw new RedirectSignal(location);
  },
}));

const { ControlPlaneUnavailableError, getSession, requireSession } = await import('./session');

let fetchCalls = 0;
function answer(status: number, body: unknown): void {
  vi.stubGlobal('fetch', async () => {
    fetchCalls += 1;
    return new Response(JSON.stringify(body), { status });
  });
}

const user = {
  id: 'usr_0123456789abcdefghijkl',
  email: 'ada@example.com',
  name: 'Ada',
  emailVerifiedAt: '2026-01-02T00:00:00.000Z',
  isPlatformAdmin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

beforeEach(() => {
  fetchCalls = 0;
  jar.values.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('getSession', () => {
  it('asks nobody when the browser has no session cookie', async () => {
    answer(200, { user });
    expect(await getSession()).toBeNull();
    expect(fetchCalls).toBe(0);
  });

  it('returns the user the control plane names', async () => {
    jar.values.set('llmguard_session', 'sess');
    answer(200, { user });
    expect(await getSession()).toEqual(user);
  });

  it('treats a 401 as signed out', async () => {
    jar.values.set('llmguard_session', 'expired');
    answer(401, { error: { code: 'unauthenticated', message: 'Sign in.', requestId: 'r' } });
    expect(await getSession()).toBeNull();
  });

  // An outage must show an error page, not log everyone out.
  it('throws when the control plane cannot answer', async () => {
    jar.values.set('llmguard_session', 'sess');
    answer(503, { error: { code: 'service_unavailable', message: 'Down.', requestId: 'r' } });
    await expect(getSession()).rejects.toBeInstanceOf(ControlPlaneUnavailableError);
  });
});

describe('requireSession', () => {
  it('sends a signed-out browser to the login page, coming back afterwards', async () => {
    await expect(requireSession('/acme/keys')).rejects.toMatchObject({
      location: '/login?next=%2Facme%2Fkeys',
    });
  });

  it('returns the signed-in user', async () => {
    jar.values.set('llmguard_session', 'sess');
    answer(200, { user });
    await expect(requireSession('/acme')).resolves.toEqual(user);
  });
});
