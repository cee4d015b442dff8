import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from './credential-cipher';
import { credentialSealerFromEnv } from './credential-sealer-from-env';
import { createEnvelopeCipher } from './envelope-cipher';
import { createMasterKeyring, LEGACY_MASTER_KEY_ID } from './master-keyring';

const LEGACY_SECRET = 'l'.repeat(40);
const key0 = `k0:${randomBytes(32).toString('base64')}`;
const key1 = `k1:${randomBytes(32).toString('base64url')}`;
const DEPLOYMENT = 'dep_0000000000000000000001';
const OTHER_DEPLOYMENT = 'dep_0000000000000000000002';

const sealerWith = (masterKeys?: string, options: { opensV1: boolean } = { opensV1: true }) =>
  createEnvelopeCipher(
    createMasterKeyring({ masterKeys, legacySecret: LEGACY_SECRET }),
    options.opensV1 ? LEGACY_SECRET : undefined,
  );

/** Replaces one dot-separated part of a sealed value (1 = kid, 2 = wrapped key, 3 = iv, 4 = tag, 5 = ciphertext). */
function withPart(sealed: string, index: number, replace: (part: string) => string): string {
  const parts = sealed.split('.');
  parts[index] = replace(parts[index] ?? '');
  return parts.join('.');
}

const flipFirstByte = (part: string) => {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
};

describe('envelope credential cipher', () => {
  it('seals as v2 under the current master key, with a fresh data key and IV each time', () => {
    const sealer = sealerWith(key0);
    const sealed = sealer.seal('sk-secret-provider-key', DEPLOYMENT);
    expect(sealed).toMatch(/^v2\.k0\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('sk-secret');
    expect(sealer.open(sealed, DEPLOYMENT)).toBe('sk-secret-provider-key');
    const again = sealer.seal('sk-secret-provider-key', DEPLOYMENT);
    expect(again.split('.')[2]).not.toBe(sealed.split('.')[2]);
    expect(again.split('.')[3]).not.toBe(sealed.split('.')[3]);
  });

  it('refuses a value whose wrapped key, IV, tag or ciphertext was altered', () => {
    const sealer = sealerWith(key0);
    const sealed = sealer.seal('sk-secret', DEPLOYMENT);
    for (const index of [2, 3, 4, 5])
      expect(() => sealer.open(withPart(sealed, index, flipFirstByte), DEPLOYMENT)).toThrow(/cannot be/);
    expect(() => sealer.open(sealed.replace('v2.', 'v3.'), DEPLOYMENT)).toThrow(/unrecognised/);
    expect(() => sealer.open(`${sealed}.extra`, DEPLOYMENT)).toThrow(/unrecognised/);
  });

  it('opens a value only for the deployment it was sealed for', () => {
    const sealer = sealerWith(key0);
    const sealed = sealer.seal('sk-secret', DEPLOYMENT);
    expect(() => sealer.open(sealed, OTHER_DEPLOYMENT)).toThrow(/another deployment/);
    // A re-wrap opens the value first, so it cannot launder a value into another row either.
    expect(() => sealerWith(`${key1},${key0}`).rewrap(sealed, OTHER_DEPLOYMENT)).toThrow(
      /another deployment/,
    );
  });

  it('refuses a value whose master key is not configured, or claims another key id', () => {
    const sealed = sealerWith(key0).seal('sk-secret', DEPLOYMENT);
    expect(() => sealerWith(key1).open(sealed, DEPLOYMENT)).toThrow(/unknown master key "k0"/);
    const relabelled = withPart(sealed, 1, () => 'k1');
    expect(() => sealerWith(`${key1},${key0}`).open(relabelled, DEPLOYMENT)).toThrow(/unwrapped/);
  });

  it('rotates: older keys still open, and rewrap moves the data key under the current key only', () => {
    const before = sealerWith(key0).seal('sk-rotated', DEPLOYMENT);
    const rotated = sealerWith(`${key1},${key0}`);
    expect(rotated.open(before, DEPLOYMENT)).toBe('sk-rotated');
    expect(rotated.isCurrent(before)).toBe(false);

    const after = rotated.rewrap(before, DEPLOYMENT);
    expect(after.split('.')[1]).toBe('k1');
    expect(after.split('.')[2]).not.toBe(before.split('.')[2]);
    // IV, tag and ciphertext are untouched: rotation re-encrypts 32-byte data keys, never credentials.
    expect(after.split('.').slice(3)).toEqual(before.split('.').slice(3));
    expect(rotated.isCurrent(after)).toBe(true);
    expect(rotated.rewrap(after, DEPLOYMENT)).toBe(after);
    // Once re-wrapped, the old master key can go.
    expect(sealerWith(key1).open(after, DEPLOYMENT)).toBe('sk-rotated');
  });

  it('still opens v1 values and upgrades them to v2 on rewrap', () => {
    const v1 = createCredentialCipher(LEGACY_SECRET).encrypt('sk-from-v1');
    const sealer = sealerWith(key1);
    expect(sealer.open(v1, DEPLOYMENT)).toBe('sk-from-v1');
    expect(sealer.isCurrent(v1)).toBe(false);
    const upgraded = sealer.rewrap(v1, DEPLOYMENT);
    expect(upgraded.startsWith('v2.k1.')).toBe(true);
    expect(sealer.open(upgraded, DEPLOYMENT)).toBe('sk-from-v1');
    expect(() => sealerWith(key1, { opensV1: false }).open(v1, DEPLOYMENT)).toThrow(/v1 credentials need/);
    expect(() =>
      createEnvelopeCipher(createMasterKeyring({ legacySecret: 'x'.repeat(40) }), 'x'.repeat(40)).open(
        v1,
        DEPLOYMENT,
      ),
    ).toThrow(/v1 credential cannot be opened/);
  });

  it('without CREDENTIAL_MASTER_KEYS seals under the key derived from CREDENTIAL_ENCRYPTION_KEY', () => {
    const fromEnvOnly = credentialSealerFromEnv({ CREDENTIAL_ENCRYPTION_KEY: LEGACY_SECRET });
    const sealed = fromEnvOnly.seal('sk-legacy-env', DEPLOYMENT);
    expect(sealed.startsWith(`v2.${LEGACY_MASTER_KEY_ID}.`)).toBe(true);
    // Adding master keys later keeps those values readable (the derived key becomes decrypt-only)…
    const migrated = credentialSealerFromEnv({
      CREDENTIAL_ENCRYPTION_KEY: LEGACY_SECRET,
      CREDENTIAL_MASTER_KEYS: key1,
    });
    expect(migrated.open(sealed, DEPLOYMENT)).toBe('sk-legacy-env');
    expect(migrated.rewrap(sealed, DEPLOYMENT).startsWith('v2.k1.')).toBe(true);
    // …and another CREDENTIAL_ENCRYPTION_KEY cannot open them.
    const otherSecret = credentialSealerFromEnv({ CREDENTIAL_ENCRYPTION_KEY: 'o'.repeat(40) });
    expect(() => otherSecret.open(sealed, DEPLOYMENT)).toThrow(/unwrapped/);
  });
});
