import { authContract } from '../contracts/auth.contract';
import { stripeWebhookContract } from '../contracts/billing.contract';
import type { EndpointContract } from '../contracts/endpoint';
import type { OpenApiSecurityRequirement, OpenApiSecurityScheme } from './openapi-document.types';

/**
 * How a caller proves who it is on /api: a browser's session cookie (plus the CSRF header on state-changing
 * requests), or automation's management key. Names match the gateway's auth/session-cookies.ts.
 */
export const SECURITY_SCHEMES: Record<string, OpenApiSecurityScheme> = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'llmguard_session',
    description:
      'The session a sign-in sets (httpOnly, opaque). Sign in with POST /api/auth/login or through SSO; sessions expire when idle.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description:
      'With the session cookie on POST, PUT, PATCH and DELETE: the value of the `llmguard_csrf` cookie set at sign-in (a 403 `csrf_failed` otherwise).',
  },
  managementKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'lg_mgmt_…',
    description:
      'A management key of the tenant, as `Authorization: Bearer lg_mgmt_…`: its scopes limit what it may do, and it needs no CSRF token.',
  },
};

/**
 * Endpoints that answer without a session or a management key (@Public in the gateway). Everything else is closed
 * by default there, so this is the short list; openapi.int-spec.ts checks it against the running server.
 */
export const PUBLIC_ENDPOINTS: ReadonlySet<EndpointContract> = new Set<EndpointContract>([
  authContract.signup,
  authContract.login,
  authContract.confirmEmailVerification,
  authContract.requestPasswordReset,
  authContract.confirmPasswordReset,
  // Stripe proves itself with the Stripe-Signature header instead.
  stripeWebhookContract.receive,
]);

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A session (with the CSRF header when the request changes state) or a management key; nothing when public. */
export function securityFor(method: string, isPublic: boolean): OpenApiSecurityRequirement[] {
  if (isPublic) return [];
  const session: OpenApiSecurityRequirement = SAFE_METHODS.has(method)
    ? { sessionCookie: [] }
    : { sessionCookie: [], csrfToken: [] };
  return [session, { managementKey: [] }];
}
