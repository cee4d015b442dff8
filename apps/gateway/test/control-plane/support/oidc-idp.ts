import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account } from 'oidc-provider';
import { randomBase62 } from '@llmguard/shared';
import type { RedirectBrowser } from './redirect-browser';

/** A person the identity provider can sign in, with the claims it asserts about them. */
export type IdpUser = { accountId: string; email?: string; emailVerified?: boolean; name?: string };

/** A real OpenID Connect provider (oidc-provider) on a free local port, with one confidential client. */
export type OidcIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Makes a person known to the provider (or changes their claims). */
  addUser(user: IdpUser): void;
  /** How many times a client fetched the discovery document. */
  discoveryRequests(): number;
  close(): Promise<void>;
};

/**
 * Starts oidc-provider with its development interactions (a login form that accepts any account id, then a consent
 * form) and a confidential client allowed to redirect to `redirectUris`. Claims follow OpenID Connect strictly:
 * email and name are released by the `email` and `profile` scopes through UserInfo, not in the ID token.
 */
export async function startOidcIdp(redirectUris: string[]): Promise<OidcIdp> {
  const users = new Map<string, IdpUser>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = `llmguard-${randomBase62(8)}`;
  const clientSecret = randomBase62(40);
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_context, id): Account | undefined => {
      const user = users.get(id);
      if (!user) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: user.email,
          email_verified: user.emailVerified,
          name: user.name,
        }),
      };
    },
    cookies: { keys: [randomBase62(32)] },
    jwks: { keys: [{ ...signingKey, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    features: { devInteractions: { enabled: true } },
  });
  let discoveryRequests = 0;
  const handle = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.url === '/.well-known/openid-configuration') discoveryRequests += 1;
    handle(request, response);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    addUser: (user) => users.set(user.accountId, user),
    discoveryRequests: () => discoveryRequests,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close would wait for them.
        server.closeAllConnections();
      }),
  };
}

/**
 * Plays the person at the provider: from the authorization URL, follows its redirects and fills its login form (as
 * `accountId`) and consent form, until the provider redirects back to the client. Returns that redirect (the
 * client's callback URL with code, state and iss), without following it, so a test can inspect or alter it.
 */
export async function authorizeAtIdp(
  browser: RedirectBrowser,
  idp: OidcIdp,
  authorizationUrl: string,
  accountId: string,
): Promise<string> {
  let hop = await browser.get(authorizationUrl);
  for (let step = 0; step < 12; step += 1) {
    if (hop.location !== null) {
      if (!hop.location.startsWith(`${idp.issuer}/`)) return hop.location;
      hop = await browser.get(hop.location);
      continue;
    }
    const prompt = /name="prompt" value="(\w+)"/.exec(hop.body)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(hop.body)?.[1];
    if (hop.status !== 200 || !prompt || !action)
      throw new Error(`unexpected identity provider answer ${hop.status}: ${hop.body.slice(0, 500)}`);
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login: accountId, password: 'not checked' } : { prompt };
    hop = await browser.postForm(new URL(action, hop.url).href, form);
  }
  throw new Error('the identity provider did not redirect back to the client');
}
