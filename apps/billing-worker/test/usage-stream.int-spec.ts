import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Test } from '@nestjs/testing';
import { createPrismaClient } from '@llmguard/db';
import {
  billingWorkerEnvSchema,
  newId,
  parseEnv,
  USAGE_STREAM_KEY,
  type UsageEventV1,
} from '@llmguard/shared';
import { createWorkerClients, WorkerClientsModule, type WorkerClients } from '../src/clients/worker-clients';
import { UsageEventsRepository } from '../src/usage-stream/usage-events.repository';
import { UsageStreamConsumer } from '../src/usage-stream/usage-stream.consumer';

// Each run uses its own key prefix, so the stream and group start empty.
const prefix = `llmguard-test-${Date.now()}:`;
const env = parseEnv('test', billingWorkerEnvSchema, {
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/llmguard_test',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1',
  REDIS_KEY_PREFIX: prefix,
});
const streamKey = `${prefix}${USAGE_STREAM_KEY}`;
const prisma = createPrismaClient(env.DATABASE_URL);
const redis = new Redis(env.REDIS_URL);
let clients: WorkerClients;
let consumer: UsageStreamConsumer;

function usageEvent(overrides: Partial<UsageEventV1> = {}): UsageEventV1 {
  return {
    v: 1,
    requestId: newId('req'),
    tenantId: 'tnt_usage_stream_test',
    apiKeyId: 'key_usage_stream_test',
    endUser: null,
    model: 'demo-chat',
    deploymentId: null,
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

async function publish(event: unknown) {
  await redis.xadd(streamKey, '*', 'event', JSON.stringify(event));
}

beforeAll(async () => {
  clients = createWorkerClients(env);
  const module = await Test.createTestingModule({
    imports: [WorkerClientsModule.forClients(clients)],
    providers: [UsageEventsRepository, UsageStreamConsumer],
  }).compile();
  consumer = module.get(UsageStreamConsumer);
  // Creates the consumer group without starting the background loop.
  await (consumer as unknown as { ensureGroup(): Promise<void> }).ensureGroup();
});

beforeEach(async () => {
  await prisma.usageEvent.deleteMany({ where: { tenantId: 'tnt_usage_stream_test' } });
});

afterAll(async () => {
  await redis.del(streamKey, `${prefix}usage:dead-letter`);
  await prisma.usageEvent.deleteMany({ where: { tenantId: 'tnt_usage_stream_test' } });
  await consumer.onApplicationShutdown();
  await clients.close();
  await prisma.$disconnect();
  redis.disconnect();
});

describe('usage stream consumer', () => {
  it('stores each event once and acknowledges the batch after the commit', async () => {
    const events = [usageEvent(), usageEvent({ outputTokens: 7, costMicros: 19 })];
    for (const event of events) await publish(event);
    expect(await consumer.processBatch(100)).toBe(2);
    const rows = await prisma.usageEvent.findMany({ where: { tenantId: 'tnt_usage_stream_test' } });
    expect(rows.map((row) => row.requestId).sort()).toEqual(events.map((event) => event.requestId).sort());
    expect(rows.find((row) => row.requestId === events[1]!.requestId)?.costMicros).toBe(19n);
    const pending = (await redis.xpending(streamKey, 'billing')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it('turns a replayed event (same request id) into a no-op', async () => {
    const event = usageEvent();
    await publish(event);
    await publish(event);
    expect(await consumer.processBatch(100)).toBe(2);
    expect(await prisma.usageEvent.count({ where: { requestId: event.requestId } })).toBe(1);
  });

  it('keeps entries pending when the database write fails, so nothing is lost', async () => {
    const failingRepository = {
      insertBatch: () => Promise.reject(new Error('database down')),
    } as unknown as UsageEventsRepository;
    const failingConsumer = new UsageStreamConsumer(clients.redis, failingRepository, env);
    await publish(usageEvent());
    await expect(failingConsumer.processBatch(100)).rejects.toThrow('database down');
    await failingConsumer.onApplicationShutdown();
    const pending = (await redis.xpending(streamKey, 'billing')) as [number, ...unknown[]];
    expect(pending[0]).toBe(1);
    // Start the next test from a clean stream and group.
    await redis.del(streamKey);
    await redis.xgroup('CREATE', streamKey, 'billing', '0', 'MKSTREAM');
  });

  it('moves invalid entries to the dead-letter stream instead of dropping them', async () => {
    await publish({ v: 1, requestId: 'incomplete' });
    expect(await consumer.processBatch(100)).toBe(1);
    const dead = await redis.xrange(`${prefix}usage:dead-letter`, '-', '+');
    expect(dead).toHaveLength(1);
    expect(dead[0]?.[1]).toContain('source_id');
  });
});
