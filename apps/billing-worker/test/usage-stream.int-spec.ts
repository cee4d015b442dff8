import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import type { UsageEventsRepository } from '../src/usage-stream/usage-events.repository';
import { UsageStreamConsumer } from '../src/usage-stream/usage-stream.consumer';
import {
  consumerKit,
  deadLetterKeyOf,
  deleteUsageOf,
  pendingCount,
  publish,
  rollupsOf,
  sleep,
  streamKeyOf,
  testWorkerEnv,
  usageEvent,
  type ConsumerKit,
} from './support/usage-fixtures';

const TENANT = 'tnt_usage_stream_test';
const CLAIM_IDLE_MS = 200;
const env = testWorkerEnv({ USAGE_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS) });
const prisma = createPrismaClient(env.DATABASE_URL);
const redis = new Redis(env.REDIS_URL);
let kit: ConsumerKit;

/** A replica with its own consumer name, sharing the suite's collaborators. */
function replica(repository: UsageEventsRepository = kit.repository): UsageStreamConsumer {
  return new UsageStreamConsumer(kit.clients.redis, kit.pricer, repository, env, kit.clients.metrics);
}

const storedCount = () => prisma.usageEvent.count({ where: { tenantId: TENANT } });

beforeAll(async () => {
  kit = await consumerKit(env);
});

beforeEach(async () => {
  await deleteUsageOf(prisma, TENANT);
});

afterAll(async () => {
  await redis.del(streamKeyOf(env), deadLetterKeyOf(env));
  await deleteUsageOf(prisma, TENANT);
  await kit.close();
  await prisma.$disconnect();
  redis.disconnect();
});

describe('usage stream consumer', () => {
  it('stores each event, sums it into its hour and acknowledges only after the commit', async () => {
    const thisHour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const earlier = new Date(thisHour.getTime() - 2 * 3_600_000);
    const events = [
      usageEvent(TENANT, { occurredAt: new Date(thisHour.getTime() + 1_000).toISOString() }),
      usageEvent(TENANT, {
        occurredAt: new Date(thisHour.getTime() + 2_000).toISOString(),
        outcome: 'upstream_error',
        status: 502,
        outputTokens: 0,
        costMicros: 15,
        latencyMs: 30,
      }),
      usageEvent(TENANT, { occurredAt: new Date(earlier.getTime() + 59 * 60_000).toISOString() }),
    ];
    await publish(redis, env, ...events);

    expect(await kit.consumer.processBatch(100)).toBe(3);

    const rows = await prisma.usageEvent.findMany({ where: { tenantId: TENANT } });
    expect(rows.map((row) => row.requestId).sort()).toEqual(events.map((event) => event.requestId).sort());
    expect(rows.every((row) => row.priceSource === 'deployment')).toBe(true);
    expect(await rollupsOf(prisma, TENANT)).toEqual([
      {
        apiKeyId: 'key_usage_test',
        model: 'demo-chat',
        hourStart: earlier.toISOString(),
        requests: 1,
        errors: 0,
        inputTokens: 10,
        outputTokens: 20,
        costMicros: 45,
        latencyMsSum: 12,
      },
      {
        apiKeyId: 'key_usage_test',
        model: 'demo-chat',
        hourStart: thisHour.toISOString(),
        requests: 2,
        errors: 1,
        inputTokens: 20,
        outputTokens: 20,
        costMicros: 60,
        latencyMsSum: 42,
      },
    ]);
    expect(await pendingCount(redis, env)).toBe(0);
  });

  it('adds nothing for an entry replayed in the same batch or a later one', async () => {
    const event = usageEvent(TENANT);
    await publish(redis, env, event, event);
    expect(await kit.consumer.processBatch(100)).toBe(2);
    await publish(redis, env, event);
    expect(await kit.consumer.processBatch(100)).toBe(1);

    expect(await storedCount()).toBe(1);
    const [rollup] = await rollupsOf(prisma, TENANT);
    expect(rollup).toMatchObject({ requests: 1, costMicros: 45, outputTokens: 20 });
    expect(await pendingCount(redis, env)).toBe(0);
  });

  it('bills each call of a fan-out request once, and keeps the model a degraded request asked for', async () => {
    const requestId = newId('req');
    const calls = [1, 2, 3].map((position) =>
      usageEvent(TENANT, { requestId: `${requestId}:${position}`, model: `model-${position}` }),
    );
    const degraded = usageEvent(TENANT, { model: 'small', degradedFrom: 'big' });
    await publish(redis, env, ...calls, degraded);
    expect(await kit.consumer.processBatch(100)).toBe(4);
    // Replayed (a crash before XACK): nothing is billed twice.
    await publish(redis, env, ...calls);
    expect(await kit.consumer.processBatch(100)).toBe(3);

    const rows = await prisma.usageEvent.findMany({
      where: { tenantId: TENANT },
      orderBy: { requestId: 'asc' },
    });
    expect(
      rows.filter((row) => row.requestId.startsWith(`${requestId}:`)).map((row) => row.requestId),
    ).toEqual(calls.map((call) => call.requestId));
    expect(rows.find((row) => row.requestId === degraded.requestId)).toMatchObject({
      model: 'small',
      degradedFrom: 'big',
    });
    expect(rows.find((row) => row.requestId === calls[0]?.requestId)?.degradedFrom).toBeNull();
    const rollups = await rollupsOf(prisma, TENANT);
    expect(rollups.map((rollup) => [rollup.model, rollup.requests, rollup.costMicros]).sort()).toEqual([
      ['model-1', 1, 45],
      ['model-2', 1, 45],
      ['model-3', 1, 45],
      ['small', 1, 45],
    ]);
  });

  it('stores the A/B variant of an event, and bills a version 1 event written before it existed', async () => {
    const canary = usageEvent(TENANT, {
      routeId: 'rte_ab_test',
      variant: 'canary',
      deploymentId: 'dep_canary',
    });
    const unrouted = usageEvent(TENANT, { routeId: null, variant: null, deploymentId: null });
    // What a gateway of the previous release appended (still in the stream, or replayed from its spool).
    const { routeId: _routeId, variant: _variant, ...older } = usageEvent(TENANT);
    const versionOne = { ...older, v: 1 };
    const deadLettersBefore = await redis.xlen(deadLetterKeyOf(env));
    await publish(redis, env, canary, unrouted, versionOne);
    expect(await kit.consumer.processBatch(100)).toBe(3);

    const rows = await prisma.usageEvent.findMany({
      where: { tenantId: TENANT },
      select: { requestId: true, routeId: true, routeVariant: true, deploymentId: true },
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          requestId: canary.requestId,
          routeId: 'rte_ab_test',
          routeVariant: 'canary',
          deploymentId: 'dep_canary',
        },
        { requestId: unrouted.requestId, routeId: null, routeVariant: null, deploymentId: null },
        {
          requestId: versionOne.requestId,
          routeId: null,
          routeVariant: null,
          deploymentId: 'dep_usage_test',
        },
      ]),
    );
    expect(rows).toHaveLength(3);
    expect(await redis.xlen(deadLetterKeyOf(env))).toBe(deadLettersBefore);
  });

  it('double-counts nothing when a worker dies between the commit and the XACK', async () => {
    class DiesBeforeAck extends UsageStreamConsumer {
      protected override acknowledge(): Promise<void> {
        return Promise.reject(new Error('killed after commit'));
      }
    }
    const dying = new DiesBeforeAck(kit.clients.redis, kit.pricer, kit.repository, env, kit.clients.metrics);
    await publish(redis, env, usageEvent(TENANT), usageEvent(TENANT));
    await expect(dying.processBatch(100)).rejects.toThrow('killed after commit');
    await dying.onApplicationShutdown();
    // Committed but never acknowledged.
    expect(await storedCount()).toBe(2);
    expect(await pendingCount(redis, env)).toBe(2);
    const before = await rollupsOf(prisma, TENANT);

    // The restarted worker has a new consumer name; it claims the idle entries and replays them.
    const restarted = replica();
    await sleep(CLAIM_IDLE_MS + 50);
    expect(await restarted.processBatch(100)).toBe(2);
    await restarted.onApplicationShutdown();

    expect(await storedCount()).toBe(2);
    expect(await rollupsOf(prisma, TENANT)).toEqual(before);
    expect(before[0]).toMatchObject({ requests: 2, costMicros: 90 });
    expect(await pendingCount(redis, env)).toBe(0);
  });

  it("hands a killed replica's batch to another replica once it has been idle long enough", async () => {
    const stuck = {
      storeBatch: () => new Promise<number>(() => undefined),
    } as unknown as UsageEventsRepository;
    const killed = replica(stuck);
    const survivor = replica();
    await publish(redis, env, usageEvent(TENANT), usageEvent(TENANT), usageEvent(TENANT));

    void killed.processBatch(100); // reads the batch, then hangs in the database write
    await vi.waitFor(async () => expect(await pendingCount(redis, env)).toBe(3));
    await killed.onApplicationShutdown();

    // Entries a replica is still (as far as anyone knows) working on are not taken early.
    expect(await survivor.processBatch(50)).toBe(0);
    await sleep(CLAIM_IDLE_MS + 50);
    expect(await survivor.processBatch(50)).toBe(3);

    expect(await storedCount()).toBe(3);
    expect((await rollupsOf(prisma, TENANT))[0]).toMatchObject({ requests: 3 });
    expect(await pendingCount(redis, env)).toBe(0);
    const consumers = (await redis.xinfo('CONSUMERS', streamKeyOf(env), 'billing')) as unknown[][];
    const killedEntry = consumers.find((fields) => fields[1] === killed.consumerName);
    expect(killedEntry?.[3]).toBe(0); // pending count of the dead consumer
    await survivor.onApplicationShutdown();
  });

  it('counts a batch once when two replicas store it at the same moment (a claim raced a slow replica)', async () => {
    const batch = await kit.pricer.price([usageEvent(TENANT), usageEvent(TENANT), usageEvent(TENANT)]);
    const inserted = await Promise.all([kit.repository.storeBatch(batch), kit.repository.storeBatch(batch)]);

    expect(inserted[0] + inserted[1]).toBe(3);
    expect(await storedCount()).toBe(3);
    expect((await rollupsOf(prisma, TENANT))[0]).toMatchObject({ requests: 3, costMicros: 135 });
  });

  it('keeps entries pending when the database write fails, and stores them on a later claim', async () => {
    const failing = { storeBatch: () => Promise.reject(new Error('database down')) };
    const unlucky = replica(failing as unknown as UsageEventsRepository);
    await publish(redis, env, usageEvent(TENANT));
    await expect(unlucky.processBatch(100)).rejects.toThrow('database down');
    await unlucky.onApplicationShutdown();
    expect(await pendingCount(redis, env)).toBe(1);

    await sleep(CLAIM_IDLE_MS + 50);
    expect(await kit.consumer.processBatch(100)).toBe(1);
    expect(await storedCount()).toBe(1);
    expect(await pendingCount(redis, env)).toBe(0);
  });

  it('moves invalid entries to the dead-letter stream, acknowledged, and stores the rest', async () => {
    const valid = usageEvent(TENANT);
    const [invalidId] = await publish(redis, env, { v: 1, requestId: 'incomplete' });
    await publish(redis, env, valid, usageEvent(TENANT, { inputTokens: 3_000_000_000 }));

    expect(await kit.consumer.processBatch(100)).toBe(3);

    const dead = await redis.xrange(deadLetterKeyOf(env), '-', '+');
    expect(dead).toHaveLength(2);
    expect(dead[0]?.[1].slice(0, 4)).toEqual(['source_id', invalidId, 'reason', 'invalid']);
    expect(
      await prisma.usageEvent.findMany({ where: { tenantId: TENANT }, select: { requestId: true } }),
    ).toEqual([{ requestId: valid.requestId }]);
    expect(await pendingCount(redis, env)).toBe(0);
    await redis.del(deadLetterKeyOf(env));
  });

  it('refuses events older than the retention window, whose stored copy may already be deleted', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3_600_000).toISOString();
    const expired = usageEvent(TENANT, { occurredAt: daysAgo(env.USAGE_RETENTION_DAYS + 1) });
    const old = usageEvent(TENANT, { occurredAt: daysAgo(env.USAGE_RETENTION_DAYS - 1) });
    await publish(redis, env, expired, old);

    expect(await kit.consumer.processBatch(100)).toBe(2);

    const dead = await redis.xrange(deadLetterKeyOf(env), '-', '+');
    expect(dead.map(([, fields]) => fields[3])).toEqual(['older_than_retention']);
    expect(
      await prisma.usageEvent.findMany({ where: { tenantId: TENANT }, select: { requestId: true } }),
    ).toEqual([{ requestId: old.requestId }]);
    await redis.del(deadLetterKeyOf(env));
  });

  it('logs each batch with its count, new rows, duplicates and lag', async () => {
    const log = vi.spyOn(Logger.prototype, 'log');
    const event = usageEvent(TENANT);
    await publish(redis, env, event, event);
    await kit.consumer.processBatch(100);
    const lines = log.mock.calls.map(([message]) => String(message));
    log.mockRestore();
    expect(
      lines.some((line) => /count=2 new=1 duplicates=1 dead_lettered=0 claimed=false lag_ms=\d+/.test(line)),
    ).toBe(true);
  });
});
