import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  dropSharedKeyEntries,
  publishInvalidation,
  publishKeyInvalidation,
  type InvalidationMessages,
  type InvalidationTopic,
} from '@llmguard/server';
import { GatewayError, type GatewayEnv, type PolicyChangeMessage } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * Tells every gateway, once a change is committed, that what it cached is stale (earlier, a gateway could reload the
 * old rows). Call these after the transaction, never inside it.
 *
 * Key changes (revocation, rotation, suspension) must apply at once: if Redis is unreachable the change stays
 * committed but caches may serve the old key, so the caller gets a 503 and repeats the request, which publishes
 * again. Route and policy changes have a safety TTL in every gateway's cache (30 s, 60 s), and a repeated request
 * would only meet a 409 or change nothing, so a failed publish is logged rather than turned into an error.
 */
@Injectable()
export class GatewayInvalidations {
  private readonly logger = new Logger(GatewayInvalidations.name);
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.keyPrefix = env.REDIS_KEY_PREFIX;
  }

  /** Keys revoked, rotated or re-scoped. */
  keysChanged(keyHashes: string[]): Promise<void> {
    return this.mustReachEveryGateway('key invalidation', () =>
      publishKeyInvalidation(this.redis, this.keyPrefix, { keyHashes }),
    );
  }

  /** A tenant's status changed: its keys' shared entries carry the status, and every instance drops the tenant's keys. */
  tenantStatusChanged(tenantId: string, keyHashes: string[]): Promise<void> {
    return this.mustReachEveryGateway('tenant key invalidation', async () => {
      await dropSharedKeyEntries(this.redis, this.keyPrefix, keyHashes);
      await publishKeyInvalidation(this.redis, this.keyPrefix, { tenantId });
    });
  }

  /** A tenant's routes changed, or (tenantId null) a platform route every tenant sees. */
  routesChanged(tenantId: string | null): Promise<void> {
    return this.publishOrLog('routes', { tenantId });
  }

  /** A tenant's policy version, or a tier's defaults, changed. */
  policyChanged(change: PolicyChangeMessage): Promise<void> {
    return this.publishOrLog('policies', change);
  }

  private async mustReachEveryGateway(what: string, publish: () => Promise<void>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      throw new GatewayError('service_unavailable', {
        publicMessage:
          'The change is saved but could not be pushed to every gateway yet. Repeat the request to push it again.',
        internalMessage: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }

  private async publishOrLog<Topic extends InvalidationTopic>(
    topic: Topic,
    message: InvalidationMessages[Topic],
  ): Promise<void> {
    try {
      await publishInvalidation(this.redis, this.keyPrefix, topic, message);
    } catch (error) {
      this.logger.warn(
        `${topic} invalidation ${JSON.stringify(message)} not published; gateways apply it when their cache expires: ${String(error)}`,
      );
    }
  }
}
