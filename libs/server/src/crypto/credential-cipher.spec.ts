import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from './credential-cipher';

describe('credential cipher', () => {
  const cipher = createCredentialCipher('x'.repeat(40));

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.encrypt('sk-secret-provider-key');
    expect(sealed).not.toContain('sk-secret');
    expect(cipher.decrypt(sealed)).toBe('sk-secret-provider-key');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses ciphertext sealed with another key or tampered with', () => {
    const sealed = cipher.encrypt('value');
    expect(() => createCredentialCipher('y'.repeat(40)).decrypt(sealed)).toThrow();
    expect(() => cipher.decrypt(sealed.slice(0, -2) + 'AA')).toThrow();
  });
});
