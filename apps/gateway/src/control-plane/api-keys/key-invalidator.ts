import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { publishKeyInvalidation } from '@llmguard/server';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * Tells every gateway to forget cached lookups of some keys, after the change is committed (earlier, a gateway
 * could reload the old row). If Redis is unreachable the change stays committed but caches may serve the old key
 * for up to their TTL, so the caller gets a 503 and repeats the request, which publishes again.
 */
@Injectable()
export class KeyInvalidator {
  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async invalidate(keyHashes: string[]): Promise<void> {
    try {
      await publishKeyInvalidation(this.redis, this.env.REDIS_KEY_PREFIX, { keyHashes });
    } catch (error) {
      throw new GatewayError('service_unavailable', {
        publicMessage:
          'The change is saved but could not be pushed to every gateway yet. Repeat the request to push it again.',
        internalMessage: `key invalidation failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }
}
