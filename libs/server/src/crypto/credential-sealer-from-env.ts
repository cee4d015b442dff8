import { createEnvelopeCipher, type CredentialSealer } from './envelope-cipher';
import { createMasterKeyring } from './master-keyring';

/** The credential settings of the environment (see gatewayEnvSchema). */
export type CredentialKeysEnv = { CREDENTIAL_ENCRYPTION_KEY: string; CREDENTIAL_MASTER_KEYS?: string };

/** The sealer every process uses: master keys from CREDENTIAL_MASTER_KEYS, v1 values and the fallback key from CREDENTIAL_ENCRYPTION_KEY. */
export function credentialSealerFromEnv(env: CredentialKeysEnv): CredentialSealer {
  const keyring = createMasterKeyring({
    masterKeys: env.CREDENTIAL_MASTER_KEYS,
    legacySecret: env.CREDENTIAL_ENCRYPTION_KEY,
  });
  return createEnvelopeCipher(keyring, env.CREDENTIAL_ENCRYPTION_KEY);
}
