import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  newBudgetWebhookSigningSecret,
  openBudgetWebhookSecret,
  sealBudgetWebhookSecret,
} from './budget-webhook-secret';
import { credentialSealerFromEnv } from './credential-sealer-from-env';

const sealer = credentialSealerFromEnv({
  CREDENTIAL_ENCRYPTION_KEY: 'l'.repeat(40),
  CREDENTIAL_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
});

describe('budget webhook signing secrets', () => {
  it('are 32 random bytes behind whsec_, never the same twice', () => {
    const secret = newBudgetWebhookSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newBudgetWebhookSigningSecret()).not.toBe(secret);
  });

  it('are sealed as v2 envelopes that open for their own tenant only', () => {
    const secret = newBudgetWebhookSigningSecret();
    const sealed = sealBudgetWebhookSecret(sealer, secret, 'tnt_a');
    expect(sealed).toMatch(/^v2\.k1\./);
    expect(sealed).not.toContain(secret);
    expect(openBudgetWebhookSecret(sealer, sealed, 'tnt_a')).toBe(secret);
    // A sealed secret copied into another tenant's row must not sign that tenant's alerts.
    expect(() => openBudgetWebhookSecret(sealer, sealed, 'tnt_b')).toThrow();
  });
});
