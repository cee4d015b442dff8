import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** The opaque session id; httpOnly, so page scripts never see it. */
export const SESSION_COOKIE = 'llmguard_session';
/** The CSRF token; readable by the portal's scripts, which echo it in {@link CSRF_HEADER}. */
export const CSRF_COOKIE = 'llmguard_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A started session as the browser receives it. */
export type SessionTicket = { sessionId: string; csrfToken: string };

/** Sets and clears the session and CSRF cookies with one set of attributes. */
@Injectable()
export class SessionCookies {
  private readonly base: CookieSerializeOptions;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.base = {
      path: '/',
      // Lax: sent on top-level navigation to the portal, never on cross-site POSTs or sub-requests.
      sameSite: 'lax',
      // Secure by default in production; plain http://localhost development turns it off explicitly.
      secure: env.SESSION_COOKIE_SECURE ?? env.NODE_ENV === 'production',
      maxAge: env.SESSION_ABSOLUTE_TTL_SECONDS,
    };
  }

  set(reply: FastifyReply, ticket: SessionTicket): void {
    void reply.setCookie(SESSION_COOKIE, ticket.sessionId, { ...this.base, httpOnly: true });
    void reply.setCookie(CSRF_COOKIE, ticket.csrfToken, { ...this.base, httpOnly: false });
  }

  clear(reply: FastifyReply): void {
    void reply.clearCookie(SESSION_COOKIE, { ...this.base, httpOnly: true, maxAge: undefined });
    void reply.clearCookie(CSRF_COOKIE, { ...this.base, httpOnly: false, maxAge: undefined });
  }
}
