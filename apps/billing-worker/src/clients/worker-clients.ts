import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createPrismaClient, type PrismaClient } from '@llmguard/db';
import {
  createRedisClient,
  HEALTH_CHECKS,
  postgresCheck,
  redisCheck,
  type HealthCheck,
} from '@llmguard/server';
import type { BillingWorkerEnv } from '@llmguard/shared';
import { WORKER_ENV } from '../config';

/** Injection token of the Prisma client. */
export const PRISMA = Symbol('PRISMA');

/** The connections the worker holds, made before Nest starts so start-up can check them first. */
export type WorkerClients = {
  env: BillingWorkerEnv;
  prisma: PrismaClient;
  /** For stream reads: blocking XREADGROUP needs a connection of its own and no command timeout. */
  redis: Redis;
  healthChecks: HealthCheck[];
  close(): Promise<void>;
};

export function createWorkerClients(env: BillingWorkerEnv): WorkerClients {
  const prisma = createPrismaClient(env.DATABASE_URL);
  const redis = createRedisClient(env.REDIS_URL, 'llmguard-billing-worker', { maxRetriesPerRequest: null });
  return {
    env,
    prisma,
    redis,
    healthChecks: [postgresCheck(prisma, env.DATABASE_URL), redisCheck(redis, env.REDIS_URL)],
    async close() {
      await prisma.$disconnect();
      redis.disconnect();
    },
  };
}

@Global()
@Module({})
export class WorkerClientsModule {
  static forClients(clients: WorkerClients): DynamicModule {
    const providers = [
      { provide: WORKER_ENV, useValue: clients.env },
      { provide: PRISMA, useValue: clients.prisma },
      { provide: Redis, useValue: clients.redis },
      { provide: HEALTH_CHECKS, useValue: clients.healthChecks },
    ];
    return { module: WorkerClientsModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
