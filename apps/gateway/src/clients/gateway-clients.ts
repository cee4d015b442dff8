import type { Agent } from 'undici';
import type { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import { createRedisClient, postgresCheck, redisCheck, type HealthCheck } from '@llmguard/server';
import type { GatewayEnv } from '@llmguard/shared';
import { createUpstreamAgent } from './upstream-pool';
import { UsageStreamPublisher } from './usage-stream.publisher';

/**
 * The connections one gateway process holds, made once and shared by the data-plane and
 * control-plane Nest apps so both use the same pools.
 */
export type GatewayClients = {
  env: GatewayEnv;
  prisma: PrismaClient;
  redis: Redis;
  upstreamAgent: Agent;
  usagePublisher: UsageStreamPublisher;
  healthChecks: HealthCheck[];
  close(): Promise<void>;
};

export function createGatewayClients(env: GatewayEnv): GatewayClients {
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = createRedisClient(env.REDIS_URL, 'llmguard-gateway');
  const upstreamAgent = createUpstreamAgent();
  return {
    env,
    prisma,
    redis,
    upstreamAgent,
    usagePublisher: new UsageStreamPublisher(redis, env.REDIS_KEY_PREFIX),
    healthChecks: [postgresCheck(prisma, env.DATABASE_URL), redisCheck(redis, env.REDIS_URL)],
    async close() {
      await upstreamAgent.close();
      await prisma.$disconnect();
      redis.disconnect();
    },
  };
}
