import {
  putSsoConnectionRequestSchema,
  toErrorDetails,
  type PutSsoConnectionRequest,
  type SsoConnectionView,
} from '@llmguard/shared';
import { fieldErrorsFromDetails } from './api-client';
import type { FieldErrors } from './forms';

// The SSO settings form → the body of PUT /api/tenants/:slug/sso, checked with the contract the
// control plane applies, so a bad issuer or domain is named on its field before any call.

export type SsoFormParse =
  { ok: true; body: PutSsoConnectionRequest } | { ok: false; fieldErrors: FieldErrors };

/** Domains typed one per line or separated by commas or spaces. */
export function splitDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((domain) => domain.trim())
    .filter((domain) => domain !== '');
}

/**
 * Reads the form. An empty secret is left out, which keeps the stored one (the API requires one only
 * when the connection is created, and says so on the field).
 */
export function ssoBodyFromForm(formData: FormData): SsoFormParse {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const clientSecret = formData.get('clientSecret');
  const body: PutSsoConnectionRequest = {
    issuer: text('issuer'),
    clientId: text('clientId'),
    ...(typeof clientSecret === 'string' && clientSecret !== '' ? { clientSecret } : {}),
    allowedEmailDomains: splitDomains(text('allowedEmailDomains')),
    defaultRole: text('defaultRole') as PutSsoConnectionRequest['defaultRole'],
    enabled: formData.get('enabled') === 'on',
    requireSso: formData.get('requireSso') === 'on',
  };
  const parsed = putSsoConnectionRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, fieldErrors: fieldErrorsFromDetails(toErrorDetails(parsed.error, 'body')) };
  }
  return { ok: true, body };
}

/** The fields put back after a refused submission: all but the secret, which is never sent back. */
export const SSO_FORM_FIELDS = [
  'issuer',
  'clientId',
  'allowedEmailDomains',
  'defaultRole',
  'enabled',
  'requireSso',
] as const;

/** What the form shows before anything is typed: the saved connection, or a new one's defaults. */
export function ssoFormDefaults(connection: SsoConnectionView | null) {
  return {
    issuer: connection?.issuer ?? '',
    clientId: connection?.clientId ?? '',
    clientSecretSet: connection?.clientSecretSet ?? false,
    allowedEmailDomains: (connection?.allowedEmailDomains ?? []).join(', '),
    defaultRole: connection?.defaultRole ?? 'viewer',
    enabled: connection?.enabled ?? true,
    requireSso: connection?.requireSso ?? false,
  };
}

/** The redirect URI to register at the identity provider: the control plane's origin + its callback path. */
export function ssoCallbackUrl(controlPlaneUrl: string, callbackPath: string): string {
  return `${controlPlaneUrl.replace(/\/+$/, '')}${callbackPath}`;
}
