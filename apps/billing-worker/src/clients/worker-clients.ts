import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Redis } from 'ioredis';
import pg from 'pg';
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
import { WorkerMetrics } from '../metrics/worker-metrics';

/** Injection token of the Prisma client. */
export const PRISMA = Symbol('PRISMA');

/** Injection token of the pg pool the usage consumer's one big statement goes through (see UsageEventsRepository). */
export const USAGE_WRITER_POOL = Symbol('USAGE_WRITER_POOL');

/** The connections the worker holds, made before Nest starts so start-up can check them first. */
export type WorkerClients = {
  env: BillingWorkerEnv;
  prisma: PrismaClient;
  /**
   * Plain node-postgres connections (no tenant setting: platform work) for the usage batch statement:
   * through Prisma's raw query path its multi-megabyte JSON parameter cost about half the batch time.
   */
  usageWriter: pg.Pool;
  /** For stream reads: blocking XREADGROUP needs a connection of its own and no command timeout. */
  redis: Redis;
  /** The process's Prometheus metrics; made here so every part of the worker (and each test kit) shares one set. */
  metrics: WorkerMetrics;
  healthChecks: HealthCheck[];
  close(): Promise<void>;
};

export function createWorkerClients(env: BillingWorkerEnv): WorkerClients {
  const prisma = createPrismaClient(env.DATABASE_URL);
  const usageWriter = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: 2,
    application_name: 'llmguard-billing-usage-writer',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
  });
  // An idle connection that dies (Postgres restarted, network cut) is dropped by the pool; the next
  // batch fails or reconnects. Without a listener the 'error' event would end the process.
  usageWriter.on('error', () => undefined);
  const redis = createRedisClient(env.REDIS_URL, 'llmguard-billing-worker', { maxRetriesPerRequest: null });
  return {
    env,
    prisma,
    usageWriter,
    redis,
    metrics: new WorkerMetrics(),
    healthChecks: [postgresCheck(prisma, env.DATABASE_URL), redisCheck(redis, env.REDIS_URL)],
    async close() {
      await prisma.$disconnect();
      await usageWriter.end();
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
      { provide: USAGE_WRITER_POOL, useValue: clients.usageWriter },
      { provide: Redis, useValue: clients.redis },
      { provide: WorkerMetrics, useValue: clients.metrics },
      { provide: HEALTH_CHECKS, useValue: clients.healthChecks },
    ];
    return { module: WorkerClientsModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}
