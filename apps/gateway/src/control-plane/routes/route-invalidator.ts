import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { publishRouteInvalidation } from '@llmguard/server';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';
import type { RouteScope } from './route-scope';

/**
 * Tells every gateway that a scope's routes changed, after the commit (earlier, a gateway could reload the old rows).
 * A failed publish does not fail the request: the change is committed, and gateways pick it up when their route
 * cache expires (30 s), so it is logged rather than turned into an error the caller could not fix by retrying.
 */
@Injectable()
export class RouteInvalidator {
  private readonly logger = new Logger(RouteInvalidator.name);

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async publish(scope: RouteScope): Promise<void> {
    try {
      await publishRouteInvalidation(this.redis, this.env.REDIS_KEY_PREFIX, { tenantId: scope.tenantId });
    } catch (error) {
      this.logger.warn(
        `route invalidation for ${scope.tenantId ?? 'the platform'} not published; gateways follow within their cache TTL: ${String(error)}`,
      );
    }
  }
}
