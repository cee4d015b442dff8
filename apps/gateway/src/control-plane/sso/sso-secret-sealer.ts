import { Inject, Injectable } from '@nestjs/common';
import { createCredentialCipher, type CredentialCipher } from '@llmguard/server';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** Seals SSO client secrets at rest with the credential cipher (CREDENTIAL_ENCRYPTION_KEY, AES-256-GCM). */
@Injectable()
export class SsoSecretSealer {
  private readonly cipher: CredentialCipher;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.cipher = createCredentialCipher(env.CREDENTIAL_ENCRYPTION_KEY);
  }

  seal(secret: string): string {
    return this.cipher.encrypt(secret);
  }

  unseal(sealed: string): string {
    return this.cipher.decrypt(sealed);
  }
}
