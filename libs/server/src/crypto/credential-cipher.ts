import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The first credential format (`v1.<iv>.<tag>.<ciphertext>`): AES-256-GCM directly under a key derived from
 * CREDENTIAL_ENCRYPTION_KEY, with nothing binding a value to its row. New values are sealed by the envelope cipher
 * (envelope-cipher.ts), which still opens these.
 */
export type CredentialCipher = {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
};

const VERSION = 'v1';

/** Derives the AES key from CREDENTIAL_ENCRYPTION_KEY with HKDF, so any long secret works. */
export function createCredentialCipher(secret: string): CredentialCipher {
  const key = Buffer.from(hkdfSync('sha256', secret, 'llmguard', 'provider-credentials', 32));
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(ciphertext) {
      const [version, iv, tag, body] = ciphertext.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('unrecognised credential format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
