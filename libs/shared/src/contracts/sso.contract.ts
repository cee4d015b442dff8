import { z } from 'zod';
import { isoDateTimeSchema, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { memberRoleSchema } from './tenants.contract';

/**
 * An OIDC issuer identifier: an http(s) URL without query or fragment (OpenID Connect Discovery 1.0, section 2).
 * Kept as written, since the discovered document must name exactly this issuer.
 */
export const ssoIssuerSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://idp.example.com' })
  .max(2048)
  .refine((value) => !value.includes('?') && !value.includes('#'), 'must have no query or fragment');

/** An email domain such as `example.com`, lower-cased. */
export const emailDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'must be a domain such as example.com',
  );

/** Roles an SSO sign-in may grant: never owner, which only an owner hands out. */
export const ssoMemberRoleSchema = memberRoleSchema.exclude(['owner']);

/**
 * The whole SSO configuration of a tenant (PUT replaces it). The client secret is write-only: required when the
 * connection is created, kept when omitted later. `requireSso` lives here (not on PATCH tenant) because it is only
 * allowed while an enabled connection exists.
 */
export const putSsoConnectionRequestSchema = z
  .strictObject({
    issuer: ssoIssuerSchema,
    clientId: z.string().trim().min(1).max(255),
    clientSecret: z.string().min(1).max(1024).optional(),
    allowedEmailDomains: z
      .array(emailDomainSchema)
      .max(50)
      .default([])
      .transform((domains) => [...new Set(domains)]),
    defaultRole: ssoMemberRoleSchema.default('viewer'),
    enabled: z.boolean().default(true),
    requireSso: z.boolean().default(false),
  })
  .refine((body) => body.enabled || !body.requireSso, {
    path: ['requireSso'],
    message: 'can only be true while the connection is enabled',
  });

/** A tenant's SSO connection as the API shows it: whether a client secret is set, never the secret. */
export const ssoConnectionSchema = z.object({
  id: prefixedIdSchema('sso'),
  issuer: z.string(),
  clientId: z.string(),
  clientSecretSet: z.boolean(),
  allowedEmailDomains: z.array(z.string()),
  defaultRole: memberRoleSchema,
  enabled: z.boolean(),
  /** The tenant's `requireSso`: members must sign in through this connection. */
  requireSso: z.boolean(),
  /** Where the portal sends a browser to sign in to this tenant through its identity provider. */
  loginPath: z.string(),
  /** The redirect URI to register at the identity provider, relative to the control plane's public origin. */
  callbackPath: z.string(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

const ssoPath = '/api/tenants/:tenantSlug/sso';

/** A tenant's single sign-on connection: read, create or replace, remove. Owners and admins. */
export const ssoContract = {
  get: defineEndpoint({
    method: 'GET',
    path: ssoPath,
    summary: "The tenant's SSO connection (404 when it has none).",
    successStatus: 200,
    response: ssoConnectionSchema,
  }),
  put: defineEndpoint({
    method: 'PUT',
    path: ssoPath,
    summary: "Creates or replaces the tenant's SSO connection and sets whether the tenant requires SSO.",
    successStatus: 200,
    body: putSsoConnectionRequestSchema,
    response: ssoConnectionSchema,
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: ssoPath,
    summary: "Removes the tenant's SSO connection; the tenant stops requiring SSO.",
    successStatus: 204,
  }),
};

/**
 * The browser side of SSO sign-in. Not JSON endpoints: both answer with a redirect (302), so they are paths only.
 * `start` redirects to the tenant's identity provider; the provider redirects back to `callback`, which signs the
 * browser in and redirects to the portal, or to the portal's login page with `?sso_error=<code>`.
 */
export const ssoLoginPaths = {
  start: '/api/auth/sso/:tenantSlug/start',
  callback: '/api/auth/sso/:tenantSlug/callback',
} as const;

/** Why an SSO sign-in was refused, as `sso_error` on the portal's login page. */
export const ssoLoginErrorSchema = z.enum([
  /** No enabled connection for this tenant (or no such tenant, or it is not active). */
  'sso_unavailable',
  /** The sign-in flow expired, was already used, or its state did not match: start again. */
  'state_mismatch',
  /** The identity provider refused or failed (its error, a bad token, or it could not be reached). */
  'idp_error',
  /** The identity provider did not say who the user is by email. */
  'email_missing',
  /** An account with this email exists, but the identity provider has not verified the email, so it is not linked. */
  'email_not_verified',
  /** The user is not a member and their email domain is not one the connection admits. */
  'domain_not_allowed',
  'account_disabled',
  'internal_error',
]);

/** What the identity provider's redirect to the callback may carry (RFC 6749 4.1.2; extra parameters pass). */
export const ssoCallbackQuerySchema = z.looseObject({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});

export type SsoConnectionView = z.infer<typeof ssoConnectionSchema>;
export type PutSsoConnectionRequest = z.input<typeof putSsoConnectionRequestSchema>;
export type SsoLoginError = z.infer<typeof ssoLoginErrorSchema>;
