import { Controller, Get, Inject, Logger, Param, Req, Res } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  endpointPath,
  ssoCallbackQuerySchema,
  ssoLoginPaths,
  type GatewayEnv,
  type SsoLoginError,
} from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';
import { requestMeta } from '../common/request-meta';
import { PASSPORT, type PassportInstance } from '../auth/passport.provider';
import { Public } from '../auth/public.decorator';
import { SessionCookies } from '../auth/session-cookies';
import { OIDC_STATE_KEY, type OidcAuthenticateOptions, type OidcRequest } from './oidc.strategy';
import { runOidc } from './run-oidc';
import { SsoFlowStore, type SsoFlow } from './sso-flow.store';
import { SsoLoginFailure } from './sso-login-failure';
import { SsoLoginService, type SsoTarget } from './sso-login.service';

/**
 * /api/auth/sso/:tenantSlug/{start,callback}: browser navigations, so every answer is a redirect. `start` sends the
 * browser to the tenant's identity provider; `callback` checks the provider's answer against the flow this browser
 * started, signs it in (same session and cookies as a password sign-in) and sends it to the portal. Any failure
 * goes to the portal's login page with `?sso_error=<code>`; details go to the log only.
 */
@Controller()
export class SsoLoginController {
  private readonly logger = new Logger('SsoLogin');
  private readonly portalUrl: string;

  constructor(
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    private readonly logins: SsoLoginService,
    private readonly flows: SsoFlowStore,
    private readonly cookies: SessionCookies,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.portalUrl = env.PORTAL_URL;
  }

  @Public()
  @Get(ssoLoginPaths.start)
  async start(
    @Param('tenantSlug') tenantSlug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    try {
      const target = await this.logins.target(tenantSlug);
      const oidcRequest = withSession(request, {});
      const outcome = await this.authenticate(oidcRequest, target);
      const strategyState = oidcRequest.session[OIDC_STATE_KEY] as SsoFlow['strategyState'] | undefined;
      if (outcome.kind !== 'redirect' || !strategyState) {
        throw new SsoLoginFailure('idp_error', `expected a redirect to the provider, got ${outcome.kind}`);
      }
      await this.flows.start(reply, {
        tenantId: target.tenant.id,
        connectionId: target.connection.id,
        strategyState,
      });
      return redirect(reply, outcome.url);
    } catch (error) {
      return this.refuse(reply, tenantSlug, error);
    }
  }

  @Public()
  @Get(ssoLoginPaths.callback)
  async callback(
    @Param('tenantSlug') tenantSlug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    try {
      const flow = await this.flows.take(request, reply);
      const target = await this.logins.target(tenantSlug);
      assertFlowAnswered(flow, target, request.query);
      const oidcRequest = withSession(request, { [OIDC_STATE_KEY]: flow.strategyState });
      const outcome = await this.authenticate(oidcRequest, target);
      if (outcome.kind !== 'authenticated') {
        throw new SsoLoginFailure('idp_error', `provider answer refused: ${describeOutcome(outcome)}`);
      }
      const ticket = await this.logins.signIn(target, outcome.profile, requestMeta(request));
      this.cookies.set(reply, ticket);
      return redirect(reply, new URL(`/${target.tenant.slug}`, this.portalUrl).href);
    } catch (error) {
      return this.refuse(reply, tenantSlug, error);
    }
  }

  /** Runs the strategy; whatever it throws (discovery, token exchange, ID token checks) is the provider's side. */
  private async authenticate(request: OidcRequest, target: SsoTarget) {
    const callbackPath = endpointPath(ssoLoginPaths.callback, { tenantSlug: target.tenant.slug });
    const options: OidcAuthenticateOptions = {
      session: false,
      // The address the browser reached us at (X-Forwarded-* only from TRUSTED_PROXIES); the provider checks it
      // against the redirect URIs registered for the client.
      callbackURL: `${request.protocol}://${request.host}${callbackPath}`,
      connection: target.connection,
    };
    return runOidc(this.passport, request, options).catch((error: unknown) => {
      throw new SsoLoginFailure(
        'idp_error',
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      );
    });
  }

  private refuse(reply: FastifyReply, tenantSlug: string, error: unknown): FastifyReply {
    const code: SsoLoginError = error instanceof SsoLoginFailure ? error.code : 'internal_error';
    if (code === 'internal_error') {
      this.logger.error(
        `SSO sign-in to ${JSON.stringify(tenantSlug)} failed`,
        error instanceof Error ? error.stack : error,
      );
    } else {
      this.logger.warn(
        `SSO sign-in to ${JSON.stringify(tenantSlug)} refused (${code}): ${(error as Error).message}`,
      );
    }
    const login = new URL('/login', this.portalUrl);
    login.searchParams.set('sso_error', code);
    return redirect(reply, login.href);
  }
}

/**
 * The answer must belong to the flow this browser started, for this tenant's current connection, and carry the
 * state sent with it (compared here in constant time, and again by openid-client). Only then is a provider error
 * worth reporting as one.
 */
function assertFlowAnswered(
  flow: SsoFlow | null,
  target: SsoTarget,
  query: unknown,
): asserts flow is SsoFlow {
  if (!flow) throw new SsoLoginFailure('state_mismatch', 'no pending sign-in for this browser');
  if (flow.tenantId !== target.tenant.id || flow.connectionId !== target.connection.id) {
    throw new SsoLoginFailure('state_mismatch', 'the pending sign-in was for another tenant or connection');
  }
  const parsed = ssoCallbackQuerySchema.safeParse(query);
  if (!parsed.success) throw new SsoLoginFailure('idp_error', 'malformed authorization response');
  const expected = flow.strategyState.state;
  if (!expected || !parsed.data.state || !sameText(parsed.data.state, expected)) {
    throw new SsoLoginFailure('state_mismatch', 'the state parameter does not match the pending sign-in');
  }
  if (parsed.data.error) {
    throw new SsoLoginFailure(
      'idp_error',
      `provider error ${parsed.data.error}: ${parsed.data.error_description ?? ''}`,
    );
  }
}

/** The Fastify request with the `session` object openid-client's strategy keeps its flow state in. */
function withSession(request: FastifyRequest, session: Record<string, unknown>): OidcRequest {
  return Object.assign(request, { session });
}

function redirect(reply: FastifyReply, url: string): FastifyReply {
  // Each answer belongs to one browser at one moment.
  return reply.header('cache-control', 'no-store').redirect(url, 302);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function describeOutcome(outcome: { kind: string; reason?: string }): string {
  return outcome.reason ? `${outcome.kind}: ${outcome.reason}` : outcome.kind;
}
