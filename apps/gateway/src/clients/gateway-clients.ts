import type { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import {
  createLogger,
  createRedisClient,
  postgresCheck,
  redisCheck,
  type HealthCheck,
} from '@llmguard/server';
import type { GatewayEnv } from '@llmguard/shared';
import type { Logger } from 'pino';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { GatewayTracing } from '../observability/tracing';
import { UpstreamPool } from './upstream-pool';
import { UsageSpool } from '../usage/usage-spool';
import { UsageStreamPublisher } from '../usage/usage-stream.publisher';

/**
 * The connections one gateway process holds, made once and shared by the data-plane and
 * control-plane Nest apps so both use the same pools.
 */
export type GatewayClients = {
  env: GatewayEnv;
  prisma: PrismaClient;
  redis: Redis;
  /** Subscriber-mode connection for key invalidations (a subscribed connection can do nothing else). */
  keyEventsSubscriber: Redis;
  /** Admission decisions: no offline queue and a short timeout, so an outage meets the policy's fail mode at once. */
  limiterRedis: Redis;
  upstreamPool: UpstreamPool;
  usagePublisher: UsageStreamPublisher;
  healthChecks: HealthCheck[];
  /** Prometheus metrics of the whole process (both planes). */
  metrics: GatewayMetrics;
  /** Structured JSON logs (pino). */
  logger: Logger;
  tracing: GatewayTracing;
  close(): Promise<void>;
};

export function createGatewayClients(env: GatewayEnv): GatewayClients {
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = createRedisClient(env.REDIS_URL, 'llmguard-gateway');
  const keyEventsSubscriber = createRedisClient(env.REDIS_URL, 'llmguard-gateway-key-events', {
    maxRetriesPerRequest: null,
  });
  // Usage gets its own connection that fails at once while Redis is down (no offline queue), so
  // events go to the spool instead of waiting in memory.
  const usageRedis = createRedisClient(env.REDIS_URL, 'llmguard-gateway-usage', {
    enableOfflineQueue: false,
    commandTimeout: 2_000,
  });
  const limiterRedis = createRedisClient(env.REDIS_URL, 'llmguard-gateway-limiter', {
    // Decisions and settlements of one event-loop tick share one write (bench/README.md, "limits").
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    commandTimeout: env.RATE_LIMIT_REDIS_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
  });
  const upstreamPool = new UpstreamPool();
  const metrics = new GatewayMetrics(env.METRICS_TENANT_LABELS);
  const logger = createLogger('llmguard-gateway', env.LOG_LEVEL);
  const tracing = GatewayTracing.create({
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: env.OTEL_SERVICE_NAME,
  });
  const usagePublisher = new UsageStreamPublisher(
    usageRedis,
    env.REDIS_KEY_PREFIX,
    new UsageSpool(env.USAGE_SPOOL_DIR),
  );
  return {
    env,
    prisma,
    redis,
    keyEventsSubscriber,
    limiterRedis,
    upstreamPool,
    usagePublisher,
    healthChecks: [postgresCheck(prisma, env.DATABASE_URL), redisCheck(redis, env.REDIS_URL)],
    metrics,
    logger,
    tracing,
    async close() {
      await usagePublisher.close();
      await tracing.shutdown();
      await upstreamPool.close();
      await prisma.$disconnect();
      redis.disconnect();
      keyEventsSubscriber.disconnect();
      limiterRedis.disconnect();
      usageRedis.disconnect();
      logger.flush();
    },
  };
}
