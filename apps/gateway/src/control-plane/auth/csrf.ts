import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { GatewayError } from '@llmguard/shared';
import { CSRF_COOKIE, CSRF_HEADER } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request may change state, and so needs a CSRF token when it carries a session cookie. */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The CSRF token of a session: an HMAC of the session id. Binding the token to the session (a "signed" double
 * submit) means a cookie planted by a sibling subdomain cannot be paired with a forged header.
 */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

/**
 * Double submit: the `x-csrf-token` header must equal the `llmguard_csrf` cookie, and both must be the session's
 * token. A cross-site form can send the cookies but cannot read them to set the header.
 */
export function assertCsrf(request: FastifyRequest, expectedToken: string): void {
  const header = request.headers[CSRF_HEADER];
  const cookie = request.cookies[CSRF_COOKIE];
  if (
    typeof header !== 'string' ||
    cookie === undefined ||
    !constantTimeEqual(header, cookie) ||
    !constantTimeEqual(header, expectedToken)
  ) {
    throw new GatewayError('csrf_failed', {
      publicMessage: `Missing or invalid CSRF token. Send the value of the ${CSRF_COOKIE} cookie in the ${CSRF_HEADER} header.`,
    });
  }
}

function constantTimeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}
