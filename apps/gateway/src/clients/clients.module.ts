import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HEALTH_CHECKS } from '@llmguard/server';
import { GATEWAY_ENV } from '../config';
import type { GatewayClients } from './gateway-clients';
import { UpstreamPool } from './upstream-pool';
import { UsageStreamPublisher } from '../usage/usage-stream.publisher';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { GATEWAY_LOGGER } from '../observability/gateway-logger';
import { GatewayTracing } from '../observability/tracing';

/** Injection token of the Prisma client. */
export const PRISMA = Symbol('PRISMA');
/** Injection token of the Redis connection subscribed to key invalidations. */
export const KEY_EVENTS_SUBSCRIBER = Symbol('KEY_EVENTS_SUBSCRIBER');
/** Injection token of the rate limiter's Redis connection (fails fast: no offline queue, short timeout). */
export const LIMITER_REDIS = Symbol('LIMITER_REDIS');

/** Provides the process's shared clients to a Nest app. */
@Global()
@Module({})
export class ClientsModule {
  static forClients(clients: GatewayClients): DynamicModule {
    const providers = [
      { provide: GATEWAY_ENV, useValue: clients.env },
      { provide: PRISMA, useValue: clients.prisma },
      { provide: Redis, useValue: clients.redis },
      { provide: KEY_EVENTS_SUBSCRIBER, useValue: clients.keyEventsSubscriber },
      { provide: LIMITER_REDIS, useValue: clients.limiterRedis },
      { provide: UpstreamPool, useValue: clients.upstreamPool },
      { provide: UsageStreamPublisher, useValue: clients.usagePublisher },
      { provide: HEALTH_CHECKS, useValue: clients.healthChecks },
      { provide: GatewayMetrics, useValue: clients.metrics },
      { provide: GATEWAY_LOGGER, useValue: clients.logger },
      { provide: GatewayTracing, useValue: clients.tracing },
    ];
    return { module: ClientsModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
