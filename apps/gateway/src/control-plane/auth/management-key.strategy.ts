import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingHttpHeaders } from 'node:http';
import passport from 'passport';
import { hashApiKey, looksLikeApiKey } from '@llmguard/shared';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { constructionPassport, PASSPORT, type PassportInstance } from './passport.provider';
import type { ApiKeyPrincipal } from './principal';

/** Strategy name of management-key authentication. */
export const MANAGEMENT_KEY_STRATEGY = 'management-key';

type VerifySecret = (
  secret: string,
  done: (error: unknown, principal?: ApiKeyPrincipal | false) => void,
) => void;

/** A passport strategy that reads `Authorization: Bearer <secret>` and hands the secret to its verify function. */
class BearerSecretStrategy extends passport.Strategy {
  constructor(private readonly verify: VerifySecret) {
    super();
  }

  // Typed by what it reads: passport hands over the Fastify request, which has Node's headers.
  override authenticate(request: { headers: IncomingHttpHeaders }): void {
    const secret = request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!secret) return this.fail(401);
    this.verify(secret, (error, principal) => {
      if (error) this.error(error);
      else if (principal) this.success(principal);
      else this.fail(401);
    });
  }
}

/**
 * The second passport strategy: `lg_mgmt_…` keys for /api automation. A key acts only in its own tenant and only
 * within its scopes; revoked or expired keys, and keys of deleted tenants, are refused (401). A suspended tenant's
 * keys still authenticate, so they are treated like its members: reads work and changes get 403 `tenant_suspended`
 * from SuspendedTenantInterceptor.
 */
@Injectable()
export class ManagementKeyStrategy extends PassportStrategy(BearerSecretStrategy, MANAGEMENT_KEY_STRATEGY) {
  constructor(
    private readonly keys: ApiKeysRepository,
    @Inject(PASSPORT) passportInstance: PassportInstance,
  ) {
    super();
    passportInstance.use(MANAGEMENT_KEY_STRATEGY, this);
  }

  /** Called by the PassportStrategy mixin's constructor; see {@link constructionPassport}. */
  getPassportInstance(): PassportInstance {
    return constructionPassport;
  }

  async validate(secret: string): Promise<ApiKeyPrincipal | false> {
    if (!secret.startsWith('lg_mgmt_') || !looksLikeApiKey(secret)) return false;
    const key = await this.keys.findByHashAcrossTenants(hashApiKey(secret));
    const usable =
      key !== null &&
      key.kind === 'management' &&
      key.revokedAt === null &&
      (key.expiresAt === null || key.expiresAt.getTime() > Date.now()) &&
      key.tenant.status !== 'deleted';
    return usable ? { type: 'api_key', keyId: key.id, tenantId: key.tenantId, scopes: key.scopes } : false;
  }
}
