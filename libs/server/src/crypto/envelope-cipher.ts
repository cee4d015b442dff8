import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createCredentialCipher } from './credential-cipher';
import type { MasterKeyring } from './master-keyring';

/**
 * Seals provider credentials with envelope encryption: each value gets a fresh 256-bit data key (AES-256-GCM), and
 * only that data key is encrypted ("wrapped") with the master key. Rotating the master key therefore re-wraps 40
 * bytes per credential and never re-encrypts a credential.
 */
export type CredentialSealer = {
  /** Seals a credential for one deployment row; the value opens only with that deployment id. */
  seal(plaintext: string, deploymentId: string): string;
  /** Opens a v2 value bound to this deployment, or a v1 value (no binding) sealed under CREDENTIAL_ENCRYPTION_KEY. */
  open(sealed: string, deploymentId: string): string;
  /**
   * The value with its data key wrapped under the current master key; the ciphertext, IV and tag are kept as they are.
   * A v1 value is opened and sealed again as v2 (it has no data key to re-wrap). A current value comes back unchanged.
   */
  rewrap(sealed: string, deploymentId: string): string;
  /** Whether the value is v2 under the current master key (nothing for rewrap to do). */
  isCurrent(sealed: string): boolean;
};

const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
// RFC 3394 AES key wrap: deterministic and authenticated, the usual way to encrypt a random key under a key.
const KEY_WRAP_ALGORITHM = 'id-aes256-wrap';
const KEY_WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
const DATA_KEY_BYTES = 32;

type Envelope = { kid: string; wrappedKey: Buffer; iv: Buffer; tag: Buffer; body: Buffer };

/**
 * `v2.<kid>.<wrapped data key>.<iv>.<tag>.<ciphertext>` (base64url parts). The deployment id is the GCM additional
 * data, so a sealed value copied into another row (or another tenant's route) fails to open.
 *
 * @param legacySecret CREDENTIAL_ENCRYPTION_KEY, to open v1 values; omit to refuse them.
 */
export function createEnvelopeCipher(keyring: MasterKeyring, legacySecret?: string): CredentialSealer {
  const legacy = legacySecret === undefined ? undefined : createCredentialCipher(legacySecret);

  const unwrap = (kid: string, wrappedKey: Buffer): Buffer => {
    const masterKey = keyring.byKid.get(kid);
    if (!masterKey) throw new Error(`credential sealed under unknown master key "${kid}"`);
    return guarded('credential data key cannot be unwrapped', () => {
      const decipher = createDecipheriv(KEY_WRAP_ALGORITHM, masterKey, KEY_WRAP_IV);
      return Buffer.concat([decipher.update(wrappedKey), decipher.final()]);
    });
  };

  const wrapUnderCurrent = (dataKey: Buffer) => {
    const cipher = createCipheriv(KEY_WRAP_ALGORITHM, keyring.current.key, KEY_WRAP_IV);
    return { kid: keyring.current.kid, wrappedKey: Buffer.concat([cipher.update(dataKey), cipher.final()]) };
  };

  const seal = (plaintext: string, deploymentId: string): string => {
    const dataKey = randomBytes(DATA_KEY_BYTES);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(additionalData(deploymentId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return format({ ...wrapUnderCurrent(dataKey), iv, tag: cipher.getAuthTag(), body });
  };

  const open = (sealed: string, deploymentId: string): string => {
    if (sealed.startsWith(`${LEGACY_VERSION}.`)) {
      if (!legacy) throw new Error('v1 credentials need CREDENTIAL_ENCRYPTION_KEY');
      return guarded('v1 credential cannot be opened', () => legacy.decrypt(sealed));
    }
    const envelope = parse(sealed);
    const dataKey = unwrap(envelope.kid, envelope.wrappedKey);
    return guarded('credential cannot be opened (tampered, or sealed for another deployment)', () => {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, envelope.iv);
      decipher.setAAD(additionalData(deploymentId));
      decipher.setAuthTag(envelope.tag);
      return Buffer.concat([decipher.update(envelope.body), decipher.final()]).toString('utf8');
    });
  };

  const isCurrent = (sealed: string): boolean => sealed.startsWith(`${VERSION}.${keyring.current.kid}.`);

  return {
    seal,
    open,
    isCurrent,
    rewrap(sealed, deploymentId) {
      if (isCurrent(sealed)) return sealed;
      if (sealed.startsWith(`${LEGACY_VERSION}.`)) return seal(open(sealed, deploymentId), deploymentId);
      // Opening first proves the value belongs to this deployment before it is given a new wrapping.
      open(sealed, deploymentId);
      const envelope = parse(sealed);
      return format({ ...envelope, ...wrapUnderCurrent(unwrap(envelope.kid, envelope.wrappedKey)) });
    },
  };
}

function additionalData(deploymentId: string): Buffer {
  return Buffer.from(`llmguard:credential:${VERSION}:${deploymentId}`, 'utf8');
}

function format(envelope: Envelope): string {
  const { kid, wrappedKey, iv, tag, body } = envelope;
  return [VERSION, kid, ...[wrappedKey, iv, tag, body].map((part) => part.toString('base64url'))].join('.');
}

function parse(sealed: string): Envelope {
  const parts = sealed.split('.');
  const [version, kid, wrappedKey, iv, tag, body] = parts;
  if (parts.length !== 6 || version !== VERSION || !kid || !wrappedKey || !iv || !tag || body === undefined)
    throw new Error('unrecognised credential format');
  const decode = (part: string) => Buffer.from(part, 'base64url');
  return { kid, wrappedKey: decode(wrappedKey), iv: decode(iv), tag: decode(tag), body: decode(body) };
}

/** Runs a crypto step, replacing OpenSSL's message (e.g. "unsupported state") with one that says what failed. */
function guarded<Result>(message: string, step: () => Result): Result {
  try {
    return step();
  } catch (error) {
    throw new Error(message, { cause: error });
  }
}
