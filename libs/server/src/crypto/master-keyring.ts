import { hkdfSync } from 'node:crypto';

/** A key-encryption key: wraps the per-credential data keys, never touches a credential itself. */
export type MasterKey = { kid: string; key: Buffer };

/** The current master key (wraps new data keys) and every key that may still unwrap old ones, by id. */
export type MasterKeyring = { current: MasterKey; byKid: ReadonlyMap<string, Buffer> };

/**
 * Id of the master key derived from CREDENTIAL_ENCRYPTION_KEY: the only key when CREDENTIAL_MASTER_KEYS is unset, a
 * decrypt-only older key once it is set, so values sealed before the switch stay readable until re-wrapped.
 */
export const LEGACY_MASTER_KEY_ID = 'legacy';

const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const MASTER_KEY_BYTES = 32;

/**
 * Parses `kid1:base64,kid0:base64` (first = current). Each key is 32 random bytes in base64 or base64url, e.g. from
 * `openssl rand -base64 32`. Errors name the entry, never the key material.
 */
export function parseMasterKeys(spec: string): MasterKey[] {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('CREDENTIAL_MASTER_KEYS lists no key');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    const kid = entry.slice(0, separator);
    if (separator < 0 || !KID_PATTERN.test(kid))
      throw new Error(
        `CREDENTIAL_MASTER_KEYS entry ${index + 1}: expected <id>:<base64 key>, id [A-Za-z0-9_-]{1,32}`,
      );
    if (kid === LEGACY_MASTER_KEY_ID || seen.has(kid))
      throw new Error(`CREDENTIAL_MASTER_KEYS entry ${index + 1}: id "${kid}" is reserved or repeated`);
    seen.add(kid);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== MASTER_KEY_BYTES)
      throw new Error(`CREDENTIAL_MASTER_KEYS entry ${index + 1} ("${kid}"): the key must be 32 bytes`);
    return { kid, key };
  });
}

/** The master key CREDENTIAL_ENCRYPTION_KEY stands for (HKDF, so any long secret works, as for v1 values). */
export function deriveLegacyMasterKey(secret: string): MasterKey {
  const key = Buffer.from(hkdfSync('sha256', secret, 'llmguard', 'credential-master-key', MASTER_KEY_BYTES));
  return { kid: LEGACY_MASTER_KEY_ID, key };
}

/**
 * The keyring from the environment. With CREDENTIAL_MASTER_KEYS, its first key is current and the others (plus the
 * key derived from CREDENTIAL_ENCRYPTION_KEY) only unwrap; without it, the derived key is the one current key, so a
 * deployment that never set CREDENTIAL_MASTER_KEYS keeps working unchanged.
 */
export function createMasterKeyring(options: { masterKeys?: string; legacySecret: string }): MasterKeyring {
  const legacy = deriveLegacyMasterKey(options.legacySecret);
  const configured = options.masterKeys?.trim() ? parseMasterKeys(options.masterKeys) : [];
  const current = configured[0] ?? legacy;
  const byKid = new Map([...configured, legacy].map((entry) => [entry.kid, entry.key] as const));
  return { current, byKid };
}
