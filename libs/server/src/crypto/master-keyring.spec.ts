import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMasterKeyring, LEGACY_MASTER_KEY_ID, parseMasterKeys } from './master-keyring';

const material = randomBytes(32).toString('base64');

describe('master keyring', () => {
  it('makes the first listed key current and keeps the others, and the derived key, for unwrapping', () => {
    const keyring = createMasterKeyring({
      masterKeys: `new:${material}, old:${randomBytes(32).toString('base64')}`,
      legacySecret: 'l'.repeat(40),
    });
    expect(keyring.current.kid).toBe('new');
    expect([...keyring.byKid.keys()]).toEqual(['new', 'old', LEGACY_MASTER_KEY_ID]);
  });

  it('falls back to the key derived from CREDENTIAL_ENCRYPTION_KEY', () => {
    const keyring = createMasterKeyring({ masterKeys: ' ', legacySecret: 'l'.repeat(40) });
    expect(keyring.current.kid).toBe(LEGACY_MASTER_KEY_ID);
    expect(keyring.current.key).toHaveLength(32);
  });

  it('refuses malformed, short, reserved and repeated entries without echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    const cases: [string, RegExp][] = [
      ['', /lists no key/],
      [material, /entry 1: expected <id>:<base64 key>/],
      [`bad id:${material}`, /entry 1: expected/],
      [`k1:${short}`, /entry 1 \("k1"\): the key must be 32 bytes/],
      [`legacy:${material}`, /reserved or repeated/],
      [`k1:${material},k1:${material}`, /entry 2: id "k1" is reserved or repeated/],
    ];
    for (const [spec, message] of cases) {
      expect(() => parseMasterKeys(spec)).toThrow(message);
      try {
        parseMasterKeys(spec);
      } catch (error) {
        expect(String(error)).not.toContain(material);
        expect(String(error)).not.toContain(short);
      }
    }
  });
});
