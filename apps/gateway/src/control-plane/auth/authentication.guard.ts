import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { HealthController } from '@llmguard/server';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';
import { assertCsrf, csrfTokenFor, isStateChanging } from './csrf';
import { ManagementKeyUse } from './management-key-use';
import { MANAGEMENT_KEY_STRATEGY } from './management-key.strategy';
import { PASSPORT, type PassportInstance } from './passport.provider';
import type { ApiKeyPrincipal, ControlPlaneRequest, UserPrincipal } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { runPassport } from './run-passport';
import { SESSION_COOKIE } from './session-cookies';
import { SessionStore } from './session.store';
import { UsersRepository } from './users.repository';

/**
 * The control plane's global guard: every route needs a caller unless marked @Public (or it is a health probe).
 * A request with an Authorization header is automation and must carry a valid management key; it needs no CSRF
 * token, since browsers never attach that header on their own. Otherwise the session cookie decides: the guard
 * slides the session's idle timer, reloads the user (so disabling an account ends its sessions at once) and
 * checks the CSRF token of state-changing requests.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
    private readonly users: UsersRepository,
    private readonly keyUse: ManagementKeyUse,
    @Inject(PASSPORT) private readonly passport: PassportInstance,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Load balancers probe /healthz and /readyz without credentials.
    if (context.getClass() === HealthController) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<ControlPlaneRequest>();
    request.principal =
      request.headers.authorization !== undefined
        ? await this.fromManagementKey(request, context.switchToHttp().getResponse<FastifyReply>())
        : await this.fromSession(request);
    return true;
  }

  private async fromManagementKey(
    request: ControlPlaneRequest,
    reply: FastifyReply,
  ): Promise<ApiKeyPrincipal> {
    const principal = await runPassport<ApiKeyPrincipal>(
      this.passport,
      MANAGEMENT_KEY_STRATEGY,
      request,
      reply,
    );
    if (!principal) {
      throw new GatewayError('unauthenticated', {
        publicMessage:
          'Invalid management key. Send an active lg_mgmt_ key as "Authorization: Bearer <key>".',
      });
    }
    await this.keyUse.record(principal, request);
    return principal;
  }

  private async fromSession(request: ControlPlaneRequest): Promise<UserPrincipal> {
    const sessionId = request.cookies[SESSION_COOKIE];
    const session = sessionId ? await this.sessions.touch(sessionId) : null;
    if (!sessionId || !session) throw unauthenticated();
    const user = await this.users.findById(session.userId);
    if (!user || user.disabledAt) {
      await this.sessions.destroy(sessionId, session.userId);
      throw unauthenticated();
    }
    if (isStateChanging(request.method))
      assertCsrf(request, csrfTokenFor(this.env.SESSION_SECRET, sessionId));
    return {
      type: 'user',
      userId: user.id,
      email: user.email,
      isPlatformAdmin: user.isPlatformAdmin,
      sessionId,
      authentication: session.authentication,
    };
  }
}

function unauthenticated(): GatewayError {
  return new GatewayError('unauthenticated', {
    publicMessage: 'Sign in first: this endpoint needs a session or a management key.',
  });
}
