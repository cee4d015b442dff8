import { randomBytes } from 'node:crypto';
import type { CredentialSealer } from './envelope-cipher';

// The signing secret of a tenant's budget-alert webhook is sealed like a provider credential: the control plane
// seals it when the tenant sets the webhook, the billing worker opens it to sign each alert. The tenant id is the
// additional data, so a sealed secret copied to another tenant's row does not open.

const BINDING_PREFIX = 'budget-alert-webhook:';

/** A new signing secret, Stripe-style: `whsec_` and 32 random bytes in base64url. */
export function newBudgetWebhookSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function sealBudgetWebhookSecret(sealer: CredentialSealer, secret: string, tenantId: string): string {
  return sealer.seal(secret, `${BINDING_PREFIX}${tenantId}`);
}

export function openBudgetWebhookSecret(sealer: CredentialSealer, sealed: string, tenantId: string): string {
  return sealer.open(sealed, `${BINDING_PREFIX}${tenantId}`);
}
