import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import type { PrismaClient } from '@llmguard/db';
import {
  billingWorkerEnvSchema,
  newId,
  parseEnv,
  USAGE_STREAM_KEY,
  type BillingWorkerEnv,
  type UsageEvent,
} from '@llmguard/shared';
import {
  createWorkerClients,
  WorkerClientsModule,
  type WorkerClients,
} from '../../src/clients/worker-clients';
import { ModelPricesRepository } from '../../src/pricing/model-prices.repository';
import { UsagePricer } from '../../src/pricing/usage-pricer';
import { UsageEventsRepository } from '../../src/usage-stream/usage-events.repository';
import { UsageStreamConsumer } from '../../src/usage-stream/usage-stream.consumer';

/** A worker environment with its own Redis key prefix, so each suite starts from an empty stream. */
export function testWorkerEnv(overrides: Record<string, string> = {}): BillingWorkerEnv {
  return parseEnv('test', billingWorkerEnvSchema, {
    // The application role, as in production (row-level security applies; the worker works outside any tenant scope).
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1',
    REDIS_KEY_PREFIX: `llmguard-test-${Date.now()}-${Math.random().toString(36).slice(2, 8)}:`,
    HEALTH_PORT: '0',
    ...overrides,
  });
}

export const streamKeyOf = (env: BillingWorkerEnv) => `${env.REDIS_KEY_PREFIX}${USAGE_STREAM_KEY}`;
export const deadLetterKeyOf = (env: BillingWorkerEnv) => `${env.REDIS_KEY_PREFIX}usage:dead-letter`;

export function usageEvent(tenantId: string, overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    v: 2,
    requestId: newId('req'),
    tenantId,
    apiKeyId: 'key_usage_test',
    endUser: null,
    model: 'demo-chat',
    deploymentId: 'dep_usage_test',
    routeId: 'rte_usage_test',
    variant: 'primary',
    provider: 'openai',
    inputTokens: 10,
    outputTokens: 20,
    cachedInputTokens: 0,
    tokenSource: 'upstream',
    costMicros: 45,
    latencyMs: 12,
    ttftMs: 3,
    status: 200,
    outcome: 'success',
    cacheHit: 'none',
    stream: true,
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

export async function publish(redis: Redis, env: BillingWorkerEnv, ...events: unknown[]): Promise<string[]> {
  const ids: string[] = [];
  for (const event of events) {
    ids.push((await redis.xadd(streamKeyOf(env), '*', 'event', JSON.stringify(event))) as string);
  }
  return ids;
}

/** Number of entries the billing group has read but not acknowledged. */
export async function pendingCount(redis: Redis, env: BillingWorkerEnv): Promise<number> {
  const summary = (await redis.xpending(streamKeyOf(env), 'billing')) as [number, ...unknown[]];
  return summary[0];
}

/** The consumer's collaborators wired by Nest, without the background loop. */
export type ConsumerKit = {
  clients: WorkerClients;
  pricer: UsagePricer;
  repository: UsageEventsRepository;
  consumer: UsageStreamConsumer;
  close(): Promise<void>;
};

export async function consumerKit(env: BillingWorkerEnv): Promise<ConsumerKit> {
  const clients = createWorkerClients(env);
  const module = await Test.createTestingModule({
    imports: [WorkerClientsModule.forClients(clients)],
    providers: [ModelPricesRepository, UsagePricer, UsageEventsRepository, UsageStreamConsumer],
  }).compile();
  const consumer = module.get(UsageStreamConsumer);
  await consumer.ensureGroup();
  return {
    clients,
    pricer: module.get(UsagePricer),
    repository: module.get(UsageEventsRepository),
    consumer,
    async close() {
      await consumer.onApplicationShutdown();
      await clients.close();
    },
  };
}

/** The hourly rollup rows of a tenant, with the sums as numbers. */
export async function rollupsOf(prisma: PrismaClient, tenantId: string) {
  const rows = await prisma.usageRollupHourly.findMany({
    where: { tenantId },
    orderBy: { hourStart: 'asc' },
  });
  return rows.map((row) => ({
    apiKeyId: row.apiKeyId,
    model: row.model,
    hourStart: row.hourStart.toISOString(),
    requests: row.requests,
    errors: row.errors,
    inputTokens: Number(row.inputTokens),
    outputTokens: Number(row.outputTokens),
    costMicros: Number(row.costMicros),
    latencyMsSum: Number(row.latencyMsSum),
  }));
}

export async function deleteUsageOf(prisma: PrismaClient, tenantId: string): Promise<void> {
  await prisma.usageEvent.deleteMany({ where: { tenantId } });
  await prisma.usageRollupHourly.deleteMany({ where: { tenantId } });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
