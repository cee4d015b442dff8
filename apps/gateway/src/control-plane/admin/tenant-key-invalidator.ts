import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { keyCacheKey, publishKeyInvalidation } from '@llmguard/server';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

// Bounds the arguments of one DEL, so a tenant with very many keys is not one huge command.
const DELETE_BATCH_SIZE = 500;

/**
 * Tells every gateway that a tenant's status changed, after the change is committed: drops the shared (Redis) cache
 * entries of its keys, which carry the tenant status, then asks every instance to drop its own entries of the tenant.
 * If Redis is unreachable the change stays committed and the caller gets a 503 to repeat the request.
 */
@Injectable()
export class TenantKeyInvalidator {
  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async invalidateTenant(tenantId: string, keyHashes: string[]): Promise<void> {
    const prefix = this.env.REDIS_KEY_PREFIX;
    try {
      for (let start = 0; start < keyHashes.length; start += DELETE_BATCH_SIZE) {
        const batch = keyHashes.slice(start, start + DELETE_BATCH_SIZE);
        await this.redis.del(...batch.map((hash) => keyCacheKey(prefix, hash)));
      }
      await publishKeyInvalidation(this.redis, prefix, { tenantId });
    } catch (error) {
      throw new GatewayError('service_unavailable', {
        publicMessage:
          'The change is saved but could not be pushed to every gateway yet. Repeat the request to push it again.',
        internalMessage: `tenant key invalidation failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }
}
