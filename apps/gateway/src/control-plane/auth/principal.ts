import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '@llmguard/shared';
import type { SessionAuthentication } from './session.store';

/** A signed-in person, authenticated by a session cookie. */
export type UserPrincipal = {
  type: 'user';
  userId: string;
  email: string;
  isPlatformAdmin: boolean;
  /** The session id from the cookie (never logged; the store keys sessions by its hash). */
  sessionId: string;
  /** How the session was signed in (password, or which tenant's SSO). */
  authentication: SessionAuthentication;
};

/** Automation holding a management key (`lg_mgmt_…`): acts in one tenant, within its scopes. */
export type ApiKeyPrincipal = {
  type: 'api_key';
  keyId: string;
  tenantId: string;
  scopes: string[];
};

/** Who is calling the control plane. */
export type Principal = UserPrincipal | ApiKeyPrincipal;

/** The request as the control plane's guards leave it. */
export type ControlPlaneRequest = FastifyRequest & { principal?: Principal };

/** The caller set by the authentication guard; a route without one is a wiring bug, so it fails closed. */
export function principalOf(request: ControlPlaneRequest): Principal {
  if (!request.principal) {
    throw new GatewayError('unauthenticated', {
      publicMessage: 'Sign in first.',
      internalMessage: 'route reached without a principal (missing authentication guard?)',
    });
  }
  return request.principal;
}

/**
 * `@CurrentUser() principal: UserPrincipal` on routes only a person may call (sessions, creating tenants):
 * a management key gets 403.
 */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UserPrincipal => {
    const principal = principalOf(context.switchToHttp().getRequest<ControlPlaneRequest>());
    if (principal.type !== 'user') {
      throw new GatewayError('permission_denied', {
        publicMessage: 'Only a signed-in user can call this endpoint; management keys cannot.',
      });
    }
    return principal;
  },
);
