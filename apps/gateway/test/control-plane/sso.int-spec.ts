import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '@llmguard/server';
import {
  gatewayEnvSchema,
  parseEnv,
  type PutSsoConnectionRequest,
  type SsoConnectionView,
} from '@llmguard/shared';
import { ApiClient, errorOf } from './support/api-client';
import {
  startControlPlane,
  TEST_PASSWORD,
  uniqueTag,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';
import { authorizeAtIdp, startOidcIdp, type IdpUser, type OidcIdp } from './support/oidc-idp';
import { RedirectBrowser, type Hop } from './support/redirect-browser';

// Single sign-on against a real OpenID Connect provider (oidc-provider on a local port): the browser's whole round
// trip is driven by hand, hop by hop, through the control plane and the provider's own login and consent forms.

const PORTAL_URL = 'http://portal.test';
const tag = uniqueTag();
const domain = `acme-${tag}.test`;
const slugs = { main: `sso-${tag}`, disabled: `sso-off-${tag}`, strict: `sso-req-${tag}` };

let harness: ControlPlaneHarness;
let idp: OidcIdp;
let owner: SignedUpUser;
let mainTenantId: string;

const ssoPath = (slug: string) => `/api/tenants/${slug}/sso`;
const startUrl = (slug: string) => `${harness.gateway.controlPlaneUrl}/api/auth/sso/${slug}/start`;
const callbackUrl = (controlPlaneUrl: string, slug: string) =>
  `${controlPlaneUrl}/api/auth/sso/${slug}/callback`;

function connectionSettings(overrides: Partial<PutSsoConnectionRequest> = {}): PutSsoConnectionRequest {
  return {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedEmailDomains: [domain],
    defaultRole: 'developer',
    ...overrides,
  };
}

/** A tenant owned by `by`, with an SSO connection to the test provider. */
async function tenantWithSso(
  by: SignedUpUser,
  slug: string,
  overrides: Partial<PutSsoConnectionRequest> = {},
): Promise<string> {
  const created = await by.client.post<{ id: string }>('/api/tenants', { slug, name: `Tenant ${slug}` });
  expect(created.status).toBe(201);
  const configured = await by.client.request('PUT', ssoPath(slug), { body: connectionSettings(overrides) });
  expect(configured.status, JSON.stringify(configured.body)).toBe(200);
  return created.body.id;
}

function idpUser(label: string, overrides: Partial<IdpUser> = {}): IdpUser {
  const user = {
    accountId: `${label}-${uniqueTag()}`,
    email: `${label}-${uniqueTag()}@${domain}`,
    emailVerified: true,
    name: `${label} from the IdP`,
    ...overrides,
  };
  idp.addUser(user);
  return user;
}

type SsoRun = { browser: RedirectBrowser; start: Hop; callback: string; final: Hop };

/** One whole sign-in: start at the control plane, sign in and consent at the provider, back to the callback. */
async function signInWithSso(
  user: IdpUser,
  slug = slugs.main,
  browser = new RedirectBrowser(),
): Promise<SsoRun> {
  const start = await browser.get(startUrl(slug));
  expect(start.status).toBe(302);
  const callback = await authorizeAtIdp(browser, idp, start.location ?? '', user.accountId);
  const final = await browser.get(callback);
  return { browser, start, callback, final };
}

/** The `sso_error` of a redirect to the portal's login page (null when it went elsewhere). */
function ssoErrorOf(hop: Hop): string | null {
  expect(hop.status).toBe(302);
  const location = new URL(hop.location ?? '');
  return location.pathname === '/login' ? location.searchParams.get('sso_error') : null;
}

/** An API client carrying the session the SSO sign-in left in the browser. */
function apiClientOf(browser: RedirectBrowser): ApiClient {
  const client = harness.client();
  for (const [name, value] of browser.cookies(harness.gateway.controlPlaneUrl))
    client.cookies.set(name, value);
  return client;
}

function sessionCookieOf(browser: RedirectBrowser): string | undefined {
  return browser.cookies(harness.gateway.controlPlaneUrl).get('llmguard_session');
}

async function auditActions(tenantId: string, actorId: string): Promise<string[]> {
  const entries = await harness.prisma.auditLogEntry.findMany({
    where: { tenantId, actorId },
    orderBy: { sequence: 'asc' },
  });
  return entries.map((entry) => entry.action);
}

beforeAll(async () => {
  harness = await startControlPlane({ PORTAL_URL });
  const controlPlaneUrl = harness.gateway.controlPlaneUrl;
  idp = await startOidcIdp(Object.values(slugs).map((slug) => callbackUrl(controlPlaneUrl, slug)));
  owner = await harness.signUp();
  mainTenantId = await tenantWithSso(owner, slugs.main);
});

afterAll(async () => {
  await idp?.close();
  await harness?.close();
});

describe('signing in through the tenant identity provider', () => {
  it('first sign-in creates the user, the identity, the membership and a session', async () => {
    const alice = idpUser('alice', { name: 'Alice Example' });
    const { start, final, browser } = await signInWithSso(alice);

    // The authorization request: code flow with PKCE, a state and a nonce, back to this tenant's callback.
    const authorization = new URL(start.location ?? '');
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get('response_type')).toBe('code');
    expect(authorization.searchParams.get('client_id')).toBe(idp.clientId);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toMatch(/.{20,}/);
    expect(authorization.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(authorization.searchParams.get('redirect_uri')).toBe(
      callbackUrl(harness.gateway.controlPlaneUrl, slugs.main),
    );

    expect(final.location).toBe(`${PORTAL_URL}/${slugs.main}`);
    const api = apiClientOf(browser);
    const me = await api.get<{ user: { email: string; name: string } }>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: alice.email, name: 'Alice Example' });

    const user = await harness.prisma.user.findUniqueOrThrow({
      where: { email: alice.email },
      include: { externalIdentities: true, memberships: true },
    });
    expect(user.passwordHash).toBeNull();
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(user.externalIdentities).toEqual([
      expect.objectContaining({ issuer: idp.issuer, subject: alice.accountId, email: alice.email }),
    ]);
    expect(user.memberships).toEqual([
      expect.objectContaining({ tenantId: mainTenantId, role: 'developer' }),
    ]);
    const tenant = await api.get<{ role: string }>(`/api/tenants/${slugs.main}`);
    expect(tenant.status).toBe(200);
    expect(tenant.body.role).toBe('developer');

    // The session is the password sign-in's kind (same store, same cookies), marked as this tenant's SSO.
    const sessionId = sessionCookieOf(browser) ?? '';
    const stored = await harness.redis.get(
      `${harness.redisKeyPrefix}sessions:${createHash('sha256').update(sessionId).digest('hex')}`,
    );
    expect(JSON.parse(stored ?? '{}')).toMatchObject({
      userId: user.id,
      authentication: { method: 'sso', tenantId: mainTenantId },
    });
    expect(browser.cookies(harness.gateway.controlPlaneUrl).get('llmguard_csrf')).toBeTruthy();

    expect(await auditActions(mainTenantId, user.id)).toEqual([
      'user.created_via_sso',
      'user.identity_linked',
      'member.added_via_sso',
      'user.logged_in_via_sso',
    ]);
  });

  it('a second sign-in reuses the user, identity and membership', async () => {
    const ben = idpUser('ben');
    await signInWithSso(ben);
    const first = await harness.prisma.user.findUniqueOrThrow({ where: { email: ben.email } });

    const { final, browser } = await signInWithSso(ben);
    expect(final.location).toBe(`${PORTAL_URL}/${slugs.main}`);
    const me = await apiClientOf(browser).get<{ user: { id: string } }>('/api/auth/me');
    expect(me.body.user.id).toBe(first.id);
    expect(await harness.prisma.externalIdentity.count({ where: { userId: first.id } })).toBe(1);
    expect(await harness.prisma.membership.count({ where: { userId: first.id } })).toBe(1);
    expect(await auditActions(mainTenantId, first.id)).toEqual([
      'user.created_via_sso',
      'user.identity_linked',
      'member.added_via_sso',
      'user.logged_in_via_sso',
      'user.logged_in_via_sso',
    ]);
  });

  it('links an existing password account when the provider verified the email', async () => {
    const bob = await harness.signUp({ email: `bob-${uniqueTag()}@${domain}` });
    const idpBob = idpUser('bob', { email: bob.email, name: 'Robert at the IdP' });

    const { final, browser } = await signInWithSso(idpBob);
    expect(final.location).toBe(`${PORTAL_URL}/${slugs.main}`);
    const me = await apiClientOf(browser).get<{ user: { id: string; name: string } }>('/api/auth/me');
    expect(me.body.user).toMatchObject({ id: bob.id, name: 'Test User' });
    const user = await harness.prisma.user.findUniqueOrThrow({
      where: { id: bob.id },
      include: { externalIdentities: true },
    });
    expect(user.passwordHash).not.toBeNull();
    expect(user.externalIdentities).toEqual([expect.objectContaining({ subject: idpBob.accountId })]);
    expect(await auditActions(mainTenantId, bob.id)).toEqual([
      'user.identity_linked',
      'member.added_via_sso',
      'user.logged_in_via_sso',
    ]);
  });

  it('does not link an existing account when the provider has not verified the email', async () => {
    const carol = await harness.signUp({ email: `carol-${uniqueTag()}@${domain}` });
    const idpCarol = idpUser('carol', { email: carol.email, emailVerified: false });

    const { final, browser } = await signInWithSso(idpCarol);
    expect(ssoErrorOf(final)).toBe('email_not_verified');
    expect(sessionCookieOf(browser)).toBeUndefined();
    expect(await harness.prisma.externalIdentity.count({ where: { userId: carol.id } })).toBe(0);
    expect(await harness.prisma.membership.count({ where: { userId: carol.id } })).toBe(0);
    expect(await auditActions(mainTenantId, carol.id)).toEqual([]);
  });

  it('refuses, and creates nothing for, an email whose domain the connection does not admit', async () => {
    const outsider = idpUser('erin', { email: `erin-${uniqueTag()}@elsewhere-${tag}.test` });

    const { final, browser } = await signInWithSso(outsider);
    expect(ssoErrorOf(final)).toBe('domain_not_allowed');
    expect(sessionCookieOf(browser)).toBeUndefined();
    expect(await harness.prisma.user.findUnique({ where: { email: outsider.email ?? '' } })).toBeNull();
    expect(
      await harness.prisma.externalIdentity.count({
        where: { issuer: idp.issuer, subject: outsider.accountId },
      }),
    ).toBe(0);
  });

  it('refuses a tampered state, and the flow cannot be replayed afterwards', async () => {
    const dave = idpUser('dave');
    const browser = new RedirectBrowser();
    const start = await browser.get(startUrl(slugs.main));
    const callback = await authorizeAtIdp(browser, idp, start.location ?? '', dave.accountId);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `forged-${uniqueTag()}`);

    expect(ssoErrorOf(await browser.get(tampered.href))).toBe('state_mismatch');
    // The flow was used up by that attempt: even the genuine answer is refused now.
    expect(ssoErrorOf(await browser.get(callback))).toBe('state_mismatch');
    expect(sessionCookieOf(browser)).toBeUndefined();
    expect(await harness.prisma.user.findUnique({ where: { email: dave.email ?? '' } })).toBeNull();
  });

  it('refuses an answer delivered to a browser that did not start the sign-in (login CSRF)', async () => {
    const mallory = idpUser('mallory');
    const attacker = new RedirectBrowser();
    const start = await attacker.get(startUrl(slugs.main));
    const callback = await authorizeAtIdp(attacker, idp, start.location ?? '', mallory.accountId);

    const victim = new RedirectBrowser();
    expect(ssoErrorOf(await victim.get(callback))).toBe('state_mismatch');
    expect(sessionCookieOf(victim)).toBeUndefined();
  });

  it('reports a provider error (the user cancels at the provider) without a session', async () => {
    const browser = new RedirectBrowser();
    const start = await browser.get(startUrl(slugs.main));
    const interaction = await browser.get(start.location ?? '');
    expect(interaction.location).toMatch(/\/interaction\//);
    let hop = await browser.get(`${interaction.location ?? ''}/abort`);
    while (hop.location?.startsWith(idp.issuer)) hop = await browser.get(hop.location);
    const back = new URL(hop.location ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');

    expect(ssoErrorOf(await browser.get(back.href))).toBe('idp_error');
    expect(sessionCookieOf(browser)).toBeUndefined();
  });

  it('refuses a disabled connection and an unknown tenant alike', async () => {
    await tenantWithSso(owner, slugs.disabled, { enabled: false });
    const browser = new RedirectBrowser();
    expect(ssoErrorOf(await browser.get(startUrl(slugs.disabled)))).toBe('sso_unavailable');
    expect(ssoErrorOf(await browser.get(startUrl(`missing-${tag}`)))).toBe('sso_unavailable');
    expect(ssoErrorOf(await browser.get(`${startUrl('A!')}`))).toBe('sso_unavailable');
  });
});

describe('managing the SSO connection', () => {
  const cipher = createCredentialCipher(parseEnv('test', gatewayEnvSchema, {}).CREDENTIAL_ENCRYPTION_KEY);

  it('keeps the client secret write-only: sealed at rest, never shown, never audited', async () => {
    const view = await owner.client.get<SsoConnectionView>(ssoPath(slugs.main));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecretSet: true,
      allowedEmailDomains: [domain],
      defaultRole: 'developer',
      enabled: true,
      requireSso: false,
      loginPath: `/api/auth/sso/${slugs.main}/start`,
      callbackPath: `/api/auth/sso/${slugs.main}/callback`,
    });
    expect(JSON.stringify(view.body)).not.toContain(idp.clientSecret);

    const row = await harness.prisma.ssoConnection.findUniqueOrThrow({ where: { tenantId: mainTenantId } });
    expect(row.clientSecretSealed).not.toContain(idp.clientSecret);
    expect(cipher.decrypt(row.clientSecretSealed)).toBe(idp.clientSecret);
    const audited = await harness.prisma.auditLogEntry.findMany({
      where: { tenantId: mainTenantId, action: { startsWith: 'sso_connection.' } },
    });
    expect(audited.map((entry) => entry.action)).toEqual(['sso_connection.created']);
    expect(JSON.stringify(audited.map((entry) => [entry.before, entry.after]))).not.toContain(
      idp.clientSecret,
    );
  });

  it('keeps the stored secret when a PUT omits it, and requires one for a new connection', async () => {
    const { clientSecret: _secret, ...withoutSecret } = connectionSettings({ defaultRole: 'viewer' });
    const updated = await owner.client.request<SsoConnectionView>('PUT', ssoPath(slugs.main), {
      body: withoutSecret,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.defaultRole).toBe('viewer');
    const row = await harness.prisma.ssoConnection.findUniqueOrThrow({ where: { tenantId: mainTenantId } });
    expect(cipher.decrypt(row.clientSecretSealed)).toBe(idp.clientSecret);
    // Sign-in still works with the kept secret.
    expect((await signInWithSso(idpUser('gina'))).final.location).toBe(`${PORTAL_URL}/${slugs.main}`);
    await owner.client.request('PUT', ssoPath(slugs.main), { body: connectionSettings() });

    const fresh = await harness.tenantWithOwner();
    const refused = await fresh.owner.client.request('PUT', ssoPath(fresh.slug), { body: withoutSecret });
    expect(refused.status).toBe(400);
    expect(errorOf(refused).errors?.map((detail) => detail.location)).toEqual(['body.clientSecret']);
  });

  it('names every field at fault', async () => {
    const response = await owner.client.request('PUT', ssoPath(slugs.main), {
      body: {
        issuer: 'ftp://idp.example.test',
        clientId: '',
        allowedEmailDomains: ['not a domain'],
        defaultRole: 'owner',
      },
    });
    expect(response.status).toBe(400);
    expect(
      errorOf(response)
        .errors?.map((detail) => detail.location)
        .sort(),
    ).toEqual(['body.allowedEmailDomains.0', 'body.clientId', 'body.defaultRole', 'body.issuer']);
  });

  it('answers 401 without a session and 403 csrf_failed without the CSRF header', async () => {
    const anonymous = harness.client();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await anonymous.request(method, ssoPath(slugs.main), {
        body: method === 'GET' ? undefined : {},
      });
      expect(response.status).toBe(401);
    }
    for (const method of ['PUT', 'DELETE']) {
      const response = await owner.client.request(method, ssoPath(slugs.main), {
        body: connectionSettings(),
        csrf: false,
      });
      expect(errorOf(response).code).toBe('csrf_failed');
    }
  });
});

describe('a tenant that requires SSO', () => {
  let strictOwner: SignedUpUser;
  let frank: SignedUpUser;
  let frankSso: ApiClient;
  let platformAdmin: SignedUpUser;
  let managementKey: string;
  let strictTenantId: string;

  beforeAll(async () => {
    strictOwner = await harness.signUp();
    strictTenantId = await tenantWithSso(strictOwner, slugs.strict);
    // Frank has a password account and joins the tenant through its provider.
    frank = await harness.signUp({ email: `frank-${uniqueTag()}@${domain}` });
    const { browser, final } = await signInWithSso(idpUser('frank', { email: frank.email }), slugs.strict);
    expect(final.location).toBe(`${PORTAL_URL}/${slugs.strict}`);
    frankSso = apiClientOf(browser);
    platformAdmin = await harness.signUp();
    await harness.prisma.user.update({ where: { id: platformAdmin.id }, data: { isPlatformAdmin: true } });
    const key = await strictOwner.client.post<{ secret: string }>(`/api/tenants/${slugs.strict}/api-keys`, {
      name: 'automation',
      kind: 'management',
      scopes: ['tenant:read', 'tenant:write'],
    });
    expect(key.status).toBe(201);
    managementKey = key.body.secret;
  });

  it('can only be required while the connection is enabled', async () => {
    const refused = await strictOwner.client.request('PUT', ssoPath(slugs.strict), {
      body: connectionSettings({ enabled: false, requireSso: true }),
    });
    expect(refused.status).toBe(400);
    expect(errorOf(refused).errors?.map((detail) => detail.location)).toEqual(['body.requireSso']);

    const required = await strictOwner.client.request<SsoConnectionView>('PUT', ssoPath(slugs.strict), {
      body: connectionSettings({ requireSso: true }),
    });
    expect(required.status).toBe(200);
    expect(required.body.requireSso).toBe(true);
    const tenant = await harness.prisma.tenant.findUniqueOrThrow({ where: { id: strictTenantId } });
    expect(tenant.requireSso).toBe(true);
  });

  it('answers 403 sso_required, with the start path, to members whose session is a password one', async () => {
    for (const client of [frank.client, strictOwner.client]) {
      const response = await client.get(`/api/tenants/${slugs.strict}/members`);
      expect(response.status).toBe(403);
      const error = errorOf(response);
      expect(error.code).toBe('sso_required');
      expect(error.errors).toEqual([
        expect.objectContaining({ location: 'session', fix: `/api/auth/sso/${slugs.strict}/start` }),
      ]);
    }
  });

  it("lets the tenant's SSO session through, and password sign-in still works for other tenants", async () => {
    expect((await frankSso.get(`/api/tenants/${slugs.strict}`)).status).toBe(200);

    const browser = harness.client();
    const login = await browser.post('/api/auth/login', { email: frank.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const mine = await browser.get<{ data: { slug: string }[] }>('/api/tenants');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((tenant) => tenant.slug)).toContain(slugs.strict);
    expect(errorOf(await browser.get(`/api/tenants/${slugs.strict}`)).code).toBe('sso_required');
  });

  it('does not count an SSO session made through another tenant', async () => {
    // Frank's SSO session is bound to the strict tenant; a copy of it marked for the main tenant must not pass.
    const sessionId = frankSso.cookies.get('llmguard_session') ?? '';
    const key = `${harness.redisKeyPrefix}sessions:${createHash('sha256').update(sessionId).digest('hex')}`;
    const stored = JSON.parse((await harness.redis.get(key)) ?? '{}') as Record<string, unknown>;
    await harness.redis.set(
      key,
      JSON.stringify({ ...stored, authentication: { method: 'sso', tenantId: mainTenantId } }),
      'KEEPTTL',
    );
    expect(errorOf(await frankSso.get(`/api/tenants/${slugs.strict}`)).code).toBe('sso_required');
    await harness.redis.set(key, JSON.stringify(stored), 'KEEPTTL');
    expect((await frankSso.get(`/api/tenants/${slugs.strict}`)).status).toBe(200);
  });

  it('leaves platform admins, management keys and outsiders as they were', async () => {
    expect((await platformAdmin.client.get(`/api/tenants/${slugs.strict}`)).status).toBe(200);
    const byKey = await harness
      .client()
      .get(`/api/tenants/${slugs.strict}`, { headers: { authorization: `Bearer ${managementKey}` } });
    expect(byKey.status).toBe(200);
    const outsider = await harness.signUp();
    const notMember = await outsider.client.get(`/api/tenants/${slugs.strict}`);
    expect(notMember.status).toBe(404);
  });

  it('lets a management key read the connection but never change it', async () => {
    const asKey = { headers: { authorization: `Bearer ${managementKey}` } };
    const read = await harness.client().get<SsoConnectionView>(ssoPath(slugs.strict), asKey);
    expect(read.status).toBe(200);
    expect(read.body.clientSecretSet).toBe(true);
    const change = await harness
      .client()
      .request('PUT', ssoPath(slugs.strict), { ...asKey, body: connectionSettings() });
    expect(change.status).toBe(403);
    expect(errorOf(change).code).toBe('permission_denied');
    const removal = await harness.client().delete(ssoPath(slugs.strict), asKey);
    expect(removal.status).toBe(403);
  });

  it('stops when the connection is removed (a platform admin can do it if the provider is broken)', async () => {
    const removed = await platformAdmin.client.delete(ssoPath(slugs.strict));
    expect(removed.status).toBe(204);
    expect((await platformAdmin.client.get(ssoPath(slugs.strict))).status).toBe(404);
    const tenant = await harness.prisma.tenant.findUniqueOrThrow({ where: { id: strictTenantId } });
    expect(tenant.requireSso).toBe(false);
    expect((await frank.client.get(`/api/tenants/${slugs.strict}`)).status).toBe(200);
    const audited = await harness.prisma.auditLogEntry.findFirstOrThrow({
      where: { tenantId: strictTenantId, action: 'sso_connection.deleted' },
    });
    expect(audited.actorId).toBe(platformAdmin.id);
  });

  it('discovered the provider once for every tenant and sign-in that uses it', () => {
    expect(idp.discoveryRequests()).toBe(1);
  });
});
