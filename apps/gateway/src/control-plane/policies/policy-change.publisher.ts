import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { policyChangesChannel, type GatewayEnv, type PolicyChangeMessage } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * Tells every gateway, after commit, that a tenant's policy or a tier's defaults changed (earlier, a gateway could
 * reload the old version). A failed publish does not fail the request: the version is committed and a retry would
 * only meet a 409; gateways then pick the change up when their cached entry expires (PolicyCatalog's safety TTL).
 */
@Injectable()
export class PolicyChangePublisher {
  private readonly logger = new Logger(PolicyChangePublisher.name);

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async publish(message: PolicyChangeMessage): Promise<void> {
    try {
      await this.redis.publish(policyChangesChannel(this.env.REDIS_KEY_PREFIX), JSON.stringify(message));
    } catch (error) {
      this.logger.warn(
        `policy change ${JSON.stringify(message)} not pushed; gateways apply it when their cache expires: ${String(error)}`,
      );
    }
  }
}
