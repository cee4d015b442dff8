import { createHash } from 'node:crypto';
import { randomBase62 } from '../ids/new-id';

/** Data-plane keys start with `lg_live_` (or `lg_test_`); management keys with `lg_mgmt_`. */
export type ApiKeyPrefix = 'lg_live_' | 'lg_test_' | 'lg_mgmt_';

/** What is stored of a key: never the secret itself. */
export type StoredKeyParts = { prefix: ApiKeyPrefix; hash: string; lastFour: string };

const SECRET_LENGTH = 40; // ~238 bits of randomness.
const API_KEY_PATTERN = /^lg_(live|test|mgmt)_[0-9A-Za-z]{40}$/;

/** Creates a key: the secret is shown to the user once; only the stored parts are kept. */
export function generateApiKey(prefix: ApiKeyPrefix = 'lg_live_'): { secret: string } & StoredKeyParts {
  const secret = `${prefix}${randomBase62(SECRET_LENGTH)}`;
  return { secret, prefix, hash: hashApiKey(secret), lastFour: secret.slice(-4) };
}

/** SHA-256 hex of the whole secret; the one hash the hot path computes per request. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Cheap shape check that rejects garbage before any lookup. */
export function looksLikeApiKey(secret: string): boolean {
  return API_KEY_PATTERN.test(secret);
}
