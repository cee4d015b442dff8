import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import type { SsoConnection } from '@llmguard/db';
import type {
  Configuration,
  IDToken,
  TokenEndpointResponse,
  TokenEndpointResponseHelpers,
  UserInfoResponse,
} from 'openid-client' with { 'resolution-mode': 'import' };
import type { AuthenticateOptions, Strategy as OpenIdStrategy } from 'openid-client/passport' with {
  'resolution-mode': 'import',
};
import type { Request as ExpressRequest } from 'express';
import { PASSPORT, type PassportInstance } from '../auth/passport.provider';
import { loadOpenIdClient, type OpenIdClientModules } from './openid-client.loader';
import { OidcConfigurations } from './oidc-configurations';
import { toSsoProfile, type SsoProfile } from './sso-profile';

/** Strategy name of OpenID Connect sign-in (next to `local` and `management-key`). */
export const OIDC_STRATEGY = 'oidc';
/** Where openid-client's strategy keeps the PKCE verifier, state and nonce in `request.session`. */
export const OIDC_STATE_KEY = 'oidc';

/** What the SSO controller passes to `passport.authenticate` for one request. */
export type OidcAuthenticateOptions = {
  session: false;
  /** The redirect URI, the same on the way out and back. */
  callbackURL: string;
  /** The tenant's connection: which provider, which client. */
  connection: SsoConnection;
};

/** The request as openid-client's strategy needs it: a `session` holding the pending flow's state. */
export type OidcRequest = FastifyRequest & { session: Record<string, unknown> };

type TokenResponse = TokenEndpointResponse & TokenEndpointResponseHelpers;
type PerRequestStrategy = { authenticate(request: unknown, options: unknown): void };

/**
 * The one `oidc` strategy every tenant signs in through. passport hands each request its own copy of this object
 * with the action functions (redirect, success, fail, error) bound to that request; it builds openid-client's
 * Strategy for the request's connection and runs it with those same actions.
 */
class TenantOidcStrategy extends passport.Strategy {
  override name = OIDC_STRATEGY;

  constructor(private readonly strategyFor: (connection: SsoConnection) => Promise<OpenIdStrategy>) {
    super();
  }

  // Typed by what it passes on: passport hands over the Fastify request the controller prepared (an OidcRequest).
  override authenticate(request: object, options: OidcAuthenticateOptions): void {
    this.strategyFor(options.connection).then(
      (strategy) => {
        const delegate = Object.assign(Object.create(strategy) as PerRequestStrategy, {
          success: this.success,
          fail: this.fail,
          redirect: this.redirect,
          pass: this.pass,
          error: this.error,
        });
        delegate.authenticate(request, options);
      },
      (error: unknown) => this.error(error),
    );
  }
}

/**
 * Registers the `oidc` strategy into the app's passport instance: openid-client's passport Strategy (authorization
 * code flow with PKCE), with a state and a nonce added to every authorization request, and a verify step that
 * reads who signed in from the ID token, completed from the UserInfo endpoint when the token lacks email or name.
 */
@Injectable()
export class OidcStrategy {
  constructor(
    private readonly configurations: OidcConfigurations,
    @Inject(PASSPORT) passportInstance: PassportInstance,
  ) {
    passportInstance.use(OIDC_STRATEGY, new TenantOidcStrategy((connection) => this.strategyFor(connection)));
  }

  private async strategyFor(connection: SsoConnection): Promise<OpenIdStrategy> {
    const [modules, config] = await Promise.all([
      loadOpenIdClient(),
      this.configurations.forConnection(connection),
    ]);
    const Strategy = stateAndNonceStrategy(modules);
    return new Strategy(
      { config, name: OIDC_STRATEGY, sessionKey: OIDC_STATE_KEY, scope: 'openid email profile' },
      (tokens, verified) => {
        void profileOf(modules, config, tokens).then(
          (profile) => verified(null, profile),
          (error: unknown) => verified(error),
        );
      },
    );
  }
}

let stateAndNonceClass: typeof OpenIdStrategy | undefined;

/**
 * openid-client sends neither state nor nonce when the provider supports PKCE; we send both (and it checks both on
 * the way back), so a provider without PKCE enforcement is still protected against forged and replayed answers.
 */
function stateAndNonceStrategy({ client, passport: openIdPassport }: OpenIdClientModules) {
  stateAndNonceClass ??= class StateAndNonceStrategy extends openIdPassport.Strategy {
    override authorizationRequestParams<Options extends AuthenticateOptions>(
      request: ExpressRequest,
      options: Options,
    ) {
      const params = new URLSearchParams(super.authorizationRequestParams(request, options));
      params.set('state', client.randomState());
      params.set('nonce', client.randomNonce());
      return params;
    }
  };
  return stateAndNonceClass;
}

async function profileOf(
  { client }: OpenIdClientModules,
  config: Configuration,
  tokens: TokenResponse,
): Promise<SsoProfile> {
  const claims: IDToken | undefined = tokens.claims();
  if (!claims) throw new Error('the token response carried no ID token');
  const incomplete = claims.email === undefined || claims.name === undefined;
  // Providers that follow the spec strictly put profile claims in UserInfo only, when an access token is issued.
  const userInfo: UserInfoResponse | undefined =
    incomplete && config.serverMetadata().userinfo_endpoint
      ? await client.fetchUserInfo(config, tokens.access_token, claims.sub)
      : undefined;
  return toSsoProfile(claims, userInfo);
}
