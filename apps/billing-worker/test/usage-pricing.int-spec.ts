import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import {
  consumerKit,
  deleteUsageOf,
  publish,
  rollupsOf,
  streamKeyOf,
  testWorkerEnv,
  usageEvent,
  type ConsumerKit,
} from './support/usage-fixtures';

const env = testWorkerEnv();
const prisma = createPrismaClient(env.DATABASE_URL);
const redis = new Redis(env.REDIS_URL);
const tag = newId('req').slice(-8).toLowerCase();
const MODEL = `pricing-test-${tag}`;
const NEGOTIATED = `tnt_priced_${tag}`; // has a negotiated price
const LIST = `tnt_list_${tag}`; // pays list prices
const CACHED = `tnt_cached_${tag}`; // gets answers from the gateway's cache
let kit: ConsumerKit;

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3_600_000);
/** USD micros per million tokens. */
const perMillion = (input: number, output: number) => ({
  inputPriceMicrosPerMillion: BigInt(input),
  outputPriceMicrosPerMillion: BigInt(output),
  cachedInputPriceMicrosPerMillion: BigInt(input),
});
const ids = { platformV1: newId('prc'), platformV2: newId('prc'), negotiated: newId('prc') };

beforeAll(async () => {
  for (const id of [NEGOTIATED, LIST, CACHED]) {
    await prisma.tenant.create({ data: { id, slug: id.replaceAll('_', '-'), name: id, tierId: 'free' } });
  }
  await prisma.modelPrice.createMany({
    data: [
      { id: ids.platformV1, model: MODEL, effectiveFrom: daysAgo(30), ...perMillion(1_000_000, 2_000_000) },
      { id: ids.platformV2, model: MODEL, effectiveFrom: daysAgo(10), ...perMillion(2_000_000, 4_000_000) },
      {
        id: ids.negotiated,
        tenantId: NEGOTIATED,
        model: MODEL,
        effectiveFrom: daysAgo(20),
        ...perMillion(500_000, 1_000_000),
      },
    ],
  });
  kit = await consumerKit(env);
});

afterAll(async () => {
  for (const tenantId of [NEGOTIATED, LIST, CACHED]) await deleteUsageOf(prisma, tenantId);
  await prisma.modelPrice.deleteMany({ where: { model: MODEL } });
  await prisma.tenant.deleteMany({ where: { id: { in: [NEGOTIATED, LIST, CACHED] } } });
  await redis.del(streamKeyOf(env));
  await kit.close();
  await prisma.$disconnect();
  redis.disconnect();
});

// 1,000 input and 500 output tokens: at $1/$2 per million that is 1,000 + 1,000 micros.
const tokens = { inputTokens: 1_000, outputTokens: 500, cachedInputTokens: 0 };
const unpriced = { deploymentId: null, provider: null, costMicros: 0 };
const viaDeployment = { deploymentId: 'dep_priced', costMicros: 777 };

describe('usage pricing', () => {
  const events = {
    listEarly: usageEvent(LIST, {
      model: MODEL,
      ...tokens,
      ...unpriced,
      occurredAt: daysAgo(15).toISOString(),
    }),
    listLate: usageEvent(LIST, {
      model: MODEL,
      ...tokens,
      ...unpriced,
      occurredAt: daysAgo(5).toISOString(),
    }),
    listDeployment: usageEvent(LIST, { model: MODEL, ...tokens, ...viaDeployment }),
    negotiatedDeployment: usageEvent(NEGOTIATED, {
      model: MODEL,
      ...tokens,
      ...viaDeployment,
      occurredAt: daysAgo(15).toISOString(),
    }),
    negotiatedBeforeContract: usageEvent(NEGOTIATED, {
      model: MODEL,
      ...tokens,
      ...unpriced,
      occurredAt: daysAgo(25).toISOString(),
    }),
  };

  it('bills each event at the price in force when it happened, the negotiated price first', async () => {
    await publish(redis, env, ...Object.values(events));
    expect(await kit.consumer.processBatch(100)).toBe(5);

    const rows = await prisma.usageEvent.findMany({
      where: { model: MODEL },
      select: { requestId: true, costMicros: true, priceSource: true, modelPriceId: true },
    });
    const billed = (requestId: string) => rows.find((row) => row.requestId === requestId);
    expect(billed(events.listEarly.requestId)).toMatchObject({
      costMicros: 2_000n,
      priceSource: 'platform_price',
      modelPriceId: ids.platformV1,
    });
    expect(billed(events.listLate.requestId)).toMatchObject({
      costMicros: 4_000n,
      priceSource: 'platform_price',
      modelPriceId: ids.platformV2,
    });
    expect(billed(events.listDeployment.requestId)).toMatchObject({
      costMicros: 777n,
      priceSource: 'deployment',
      modelPriceId: null,
    });
    expect(billed(events.negotiatedDeployment.requestId)).toMatchObject({
      costMicros: 1_000n,
      priceSource: 'tenant_price',
      modelPriceId: ids.negotiated,
    });
    expect(billed(events.negotiatedBeforeContract.requestId)).toMatchObject({
      costMicros: 2_000n,
      priceSource: 'platform_price',
      modelPriceId: ids.platformV1,
    });

    const sum = (rollups: { costMicros: number }[]) =>
      rollups.reduce((total, row) => total + row.costMicros, 0);
    expect(sum(await rollupsOf(prisma, LIST))).toBe(2_000 + 4_000 + 777);
    expect(sum(await rollupsOf(prisma, NEGOTIATED))).toBe(1_000 + 2_000);
  });

  it('never re-prices a stored event when it is replayed after a price change', async () => {
    await prisma.modelPrice.create({
      data: {
        id: newId('prc'),
        tenantId: LIST,
        model: MODEL,
        effectiveFrom: daysAgo(60),
        ...perMillion(1, 1),
      },
    });
    const before = await rollupsOf(prisma, LIST);
    await publish(redis, env, events.listLate);
    expect(await kit.consumer.processBatch(100)).toBe(1);

    const row = await prisma.usageEvent.findUnique({ where: { requestId: events.listLate.requestId } });
    expect(row?.costMicros).toBe(4_000n);
    expect(await rollupsOf(prisma, LIST)).toEqual(before);
  });

  it("bills answers served from the gateway's cache at the policy's percent, and rolls up the tokens and cost saved", async () => {
    // The cache served 1,000 input + 500 output tokens (2,000 micros at the platform's $1/$2, 4,000 at v2), billed at
    // 25 %; the gateway priced it with the answering deployment's prices (600 billed, 1,800 saved).
    const served = {
      inputTokens: 0,
      outputTokens: 0,
      cacheHit: 'exact' as const,
      cacheHitInputTokens: 1_000,
      cacheHitOutputTokens: 500,
      cachePricePercent: 25,
      deploymentId: null,
      provider: null,
    };
    const hits = {
      gatewayPriced: usageEvent(CACHED, {
        model: MODEL,
        ...served,
        costMicros: 600,
        cacheSavedCostMicros: 1_800,
      }),
      platformPriced: usageEvent(CACHED, { model: MODEL, ...served, costMicros: 0, cacheSavedCostMicros: 0 }),
    };
    await publish(redis, env, ...Object.values(hits));
    expect(await kit.consumer.processBatch(100)).toBe(2);

    const rows = await prisma.usageEvent.findMany({
      where: { tenantId: CACHED },
      select: {
        requestId: true,
        costMicros: true,
        cacheSavedCostMicros: true,
        priceSource: true,
        cacheHit: true,
      },
    });
    const billed = (requestId: string) => rows.find((row) => row.requestId === requestId);
    expect(billed(hits.gatewayPriced.requestId)).toMatchObject({
      costMicros: 600n,
      cacheSavedCostMicros: 1_800n,
      priceSource: 'deployment',
      cacheHit: 'exact',
    });
    expect(billed(hits.platformPriced.requestId)).toMatchObject({
      costMicros: 1_000n,
      cacheSavedCostMicros: 3_000n,
      priceSource: 'platform_price',
    });
    const rollups = await prisma.usageRollupHourly.findMany({ where: { tenantId: CACHED } });
    const total = (pick: (row: (typeof rollups)[number]) => bigint | number) =>
      rollups.reduce((sum, row) => sum + Number(pick(row)), 0);
    expect(total((row) => row.cacheHits)).toBe(2);
    expect(total((row) => row.cacheHitInputTokens)).toBe(2_000);
    expect(total((row) => row.cacheHitOutputTokens)).toBe(1_000);
    expect(total((row) => row.inputTokens)).toBe(0);
    expect(total((row) => row.costMicros)).toBe(1_600);
    expect(total((row) => row.cacheSavedCostMicros)).toBe(4_800);
  });
});
