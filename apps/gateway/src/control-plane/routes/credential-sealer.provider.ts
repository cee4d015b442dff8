import type { FactoryProvider } from '@nestjs/common';
import { credentialSealerFromEnv, type CredentialSealer } from '@llmguard/server';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** Injection token of the sealer of provider credentials (envelope encryption under the master keys). */
export const CREDENTIAL_SEALER = Symbol('CREDENTIAL_SEALER');

export const credentialSealerProvider: FactoryProvider<CredentialSealer> = {
  provide: CREDENTIAL_SEALER,
  useFactory: (env: GatewayEnv) => credentialSealerFromEnv(env),
  inject: [GATEWAY_ENV],
};
