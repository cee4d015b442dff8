import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newId,
  type ApiKeyView,
  type SpendResponse,
  type UsageSeriesResponse,
  type UsageSummaryResponse,
} from '@llmguard/shared';
import { errorOf, type ApiClient } from './support/api-client';
import { startControlPlane, uniqueTag, type ControlPlaneHarness } from './support/control-plane-harness';

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

type Rollup = {
  apiKeyId: string;
  model: string;
  hourStart: string;
  requests?: number;
  errors?: number;
  cacheHits?: number;
  inputTokens?: bigint;
  outputTokens?: bigint;
  cachedInputTokens?: bigint;
  costMicros?: bigint;
  cacheHitInputTokens?: bigint;
  cacheHitOutputTokens?: bigint;
  cacheSavedCostMicros?: bigint;
  latencyMsSum?: bigint;
};

/** Rows as the billing worker would have rolled them up. */
async function insertRollups(tenantId: string, rollups: Rollup[]) {
  await harness.prisma.usageRollupHourly.createMany({
    data: rollups.map((rollup) => ({ ...rollup, tenantId, hourStart: new Date(rollup.hourStart) })),
  });
}

/** A tenant with two named keys (alpha, beta) whose usage the tests insert. */
async function tenantWithKeys() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const keyId = async (name: string) =>
    (await owner.client.post<{ key: ApiKeyView }>(`/api/tenants/${slug}/api-keys`, { name })).body.key.id;
  const alpha = await keyId('alpha');
  const beta = await keyId('beta');
  const path = `/api/tenants/${slug}/usage`;
  return { slug, tenantId, owner: owner.client, alpha, beta, path };
}

const get = <Body>(client: ApiClient, path: string, query: Record<string, string>) =>
  client.get<Body>(path, { query });

/** Known rows over 2025-03-01..04 plus rows outside the range and in another tenant that must never count. */
async function marchUsage() {
  const tenant = await tenantWithKeys();
  const { alpha, beta } = tenant;
  await insertRollups(tenant.tenantId, [
    {
      apiKeyId: alpha,
      model: 'm1',
      hourStart: '2025-03-01T05:00:00Z',
      requests: 3,
      errors: 1,
      cacheHits: 1,
      inputTokens: 100n,
      outputTokens: 50n,
      cachedInputTokens: 10n,
      costMicros: 1_500n,
      cacheHitInputTokens: 30n,
      cacheHitOutputTokens: 12n,
      cacheSavedCostMicros: 54n,
      latencyMsSum: 300n,
    },
    {
      apiKeyId: alpha,
      model: 'm1',
      hourStart: '2025-03-01T23:00:00Z',
      requests: 2,
      inputTokens: 40n,
      costMicros: 500n,
      latencyMsSum: 200n,
    },
    // Beyond 2^53: must come back digit for digit.
    {
      apiKeyId: beta,
      model: 'm2',
      hourStart: '2025-03-03T00:00:00Z',
      requests: 5,
      outputTokens: 9_007_199_254_740_993n,
      costMicros: 9_007_199_254_740_993n,
      latencyMsSum: 1_000n,
    },
    { apiKeyId: alpha, model: 'm1', hourStart: '2025-03-05T00:00:00Z', requests: 7, costMicros: 7n },
    { apiKeyId: alpha, model: 'm1', hourStart: '2025-02-28T23:00:00Z', requests: 11, costMicros: 11n },
  ]);
  const other = await harness.tenantWithOwner();
  await insertRollups(other.tenantId, [
    { apiKeyId: alpha, model: 'm1', hourStart: '2025-03-01T05:00:00Z', requests: 1_000, costMicros: 1_000n },
  ]);
  return tenant;
}

const MARCH = { from: '2025-03-01T00:00:00Z', to: '2025-03-05T00:00:00Z' };

describe('usage time series', () => {
  it('sums the rollups per UTC day exactly and fills empty days with zeros', async () => {
    const { owner, path } = await marchUsage();
    const response = await get<UsageSeriesResponse>(owner, path, { ...MARCH, granularity: 'day' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      from: '2025-03-01T00:00:00.000Z',
      granularity: 'day',
      groupBy: null,
      rest: null,
    });
    expect(response.body.series).toHaveLength(1);
    expect(response.body.series[0]!.points).toEqual([
      {
        bucketStart: '2025-03-01T00:00:00.000Z',
        requests: 5,
        errors: 1,
        cacheHits: 1,
        inputTokens: '140',
        outputTokens: '50',
        cachedInputTokens: '10',
        costMicros: '2000',
        cacheSavedTokens: '42',
        cacheSavedCostMicros: '54',
        latencyMsMean: 100,
      },
      {
        bucketStart: '2025-03-02T00:00:00.000Z',
        requests: 0,
        errors: 0,
        cacheHits: 0,
        inputTokens: '0',
        outputTokens: '0',
        cachedInputTokens: '0',
        costMicros: '0',
        cacheSavedTokens: '0',
        cacheSavedCostMicros: '0',
        latencyMsMean: null,
      },
      {
        bucketStart: '2025-03-03T00:00:00.000Z',
        requests: 5,
        errors: 0,
        cacheHits: 0,
        inputTokens: '0',
        outputTokens: '9007199254740993',
        cachedInputTokens: '0',
        costMicros: '9007199254740993',
        cacheSavedTokens: '0',
        cacheSavedCostMicros: '0',
        latencyMsMean: 200,
      },
      expect.objectContaining({ bucketStart: '2025-03-04T00:00:00.000Z', requests: 0, costMicros: '0' }),
    ]);
  });

  it('buckets by UTC hour from the hour holding "from", up to the exclusive "to"', async () => {
    const { owner, path } = await marchUsage();
    const response = await get<UsageSeriesResponse>(owner, path, {
      from: '2025-03-01T04:30:00Z',
      to: '2025-03-01T07:00:00Z',
      granularity: 'hour',
    });
    expect(response.status).toBe(200);
    expect(response.body.from).toBe('2025-03-01T04:00:00.000Z');
    expect(response.body.series[0]!.points.map((point) => [point.bucketStart, point.requests])).toEqual([
      ['2025-03-01T04:00:00.000Z', 0],
      ['2025-03-01T05:00:00.000Z', 3],
      ['2025-03-01T06:00:00.000Z', 0],
    ]);
  });

  it('splits per model or per key (named), largest cost first, and filters by model and key', async () => {
    const { owner, path, alpha, beta } = await marchUsage();
    const byModel = await get<UsageSeriesResponse>(owner, path, { ...MARCH, groupBy: 'model' });
    expect(byModel.body.groupBy).toBe('model');
    expect(byModel.body.series.map((series) => [series.key, series.name])).toEqual([
      ['m2', null],
      ['m1', null],
    ]);
    expect(byModel.body.series[1]!.points.map((point) => point.requests)).toEqual([5, 0, 0, 0]);

    const byKey = await get<UsageSeriesResponse>(owner, path, { ...MARCH, groupBy: 'apiKey' });
    expect(byKey.body.series.map((series) => [series.key, series.name])).toEqual([
      [beta, 'beta'],
      [alpha, 'alpha'],
    ]);

    const onlyM1 = await get<UsageSeriesResponse>(owner, path, { ...MARCH, model: 'm1' });
    expect(onlyM1.body.series[0]!.points.map((point) => point.costMicros)).toEqual(['2000', '0', '0', '0']);
    const onlyBeta = await get<UsageSeriesResponse>(owner, path, { ...MARCH, apiKeyId: beta });
    expect(onlyBeta.body.series[0]!.points.map((point) => point.requests)).toEqual([0, 0, 5, 0]);
  });

  it('keeps the top 20 groups and sums the others into "rest"', async () => {
    const { tenantId, owner, path, alpha } = await tenantWithKeys();
    await insertRollups(
      tenantId,
      Array.from({ length: 22 }, (_, index) => ({
        apiKeyId: alpha,
        model: `model-${String(index + 1).padStart(2, '0')}`,
        hourStart: '2025-03-01T00:00:00Z',
        requests: 1,
        costMicros: BigInt((index + 1) * 10),
      })),
    );
    const response = await get<UsageSeriesResponse>(owner, path, {
      from: '2025-03-01T00:00:00Z',
      to: '2025-03-01T01:00:00Z',
      granularity: 'hour',
      groupBy: 'model',
    });
    expect(response.body.series).toHaveLength(20);
    expect(response.body.series[0]!.key).toBe('model-22');
    expect(response.body.series.at(-1)!.key).toBe('model-03');
    expect(response.body.rest).toEqual({
      groups: 2,
      points: [expect.objectContaining({ requests: 2, costMicros: '30' })],
    });
  });

  it('refuses a range that is reversed or too long for its granularity, naming the field', async () => {
    const { owner, path } = await tenantWithKeys();
    const location = async (query: Record<string, string>) => {
      const response = await get(owner, path, query);
      expect(response.status).toBe(400);
      return errorOf(response).errors?.map((error) => error.location);
    };
    expect(await location({ from: '2025-01-01T00:00:00Z', to: '2025-04-04T00:00:00Z' })).toEqual([
      'query.to',
    ]);
    expect(
      await location({ from: '2025-01-01T00:00:00Z', to: '2025-01-15T00:00:01Z', granularity: 'hour' }),
    ).toEqual(['query.to']);
    expect(await location({ from: '2025-01-02T00:00:00Z', to: '2025-01-01T00:00:00Z' })).toEqual([
      'query.from',
    ]);
    expect(await location({ to: '2025-01-01T00:00:00Z' })).toEqual(['query.from']);
    expect(await location({ ...MARCH, granularity: 'week' })).toEqual(['query.granularity']);
    expect(await location({ ...MARCH, groupBy: 'provider' })).toEqual(['query.groupBy']);
    expect(await location({ ...MARCH, extra: '1' })).toEqual(['query.extra']);
    // Exactly the maximum is allowed.
    expect(
      (await get(owner, path, { from: '2025-01-01T00:00:00Z', to: '2025-04-03T00:00:00Z' })).status,
    ).toBe(200);
  });
});

describe('usage summary', () => {
  it('gives exact totals for the range and the top models and keys', async () => {
    const { owner, path, alpha, beta } = await marchUsage();
    const response = await get<UsageSummaryResponse>(owner, `${path}/summary`, MARCH);
    expect(response.status).toBe(200);
    expect(response.body.totals).toEqual({
      requests: 10,
      errors: 1,
      cacheHits: 1,
      inputTokens: '140',
      outputTokens: '9007199254741043',
      cachedInputTokens: '10',
      costMicros: '9007199254742993',
      cacheSavedTokens: '42',
      cacheSavedCostMicros: '54',
      latencyMsMean: 150,
    });
    expect(response.body.topModels.map((model) => [model.key, model.requests, model.costMicros])).toEqual([
      ['m2', 5, '9007199254740993'],
      ['m1', 5, '2000'],
    ]);
    expect(response.body.topApiKeys.map((key) => [key.key, key.name, key.requests])).toEqual([
      [beta, 'beta', 5],
      [alpha, 'alpha', 5],
    ]);
    const empty = await get<UsageSummaryResponse>(owner, `${path}/summary`, {
      from: '2024-01-01T00:00:00Z',
      to: '2024-01-02T00:00:00Z',
    });
    expect(empty.body).toMatchObject({
      totals: { requests: 0, costMicros: '0' },
      topModels: [],
      topApiKeys: [],
    });
  });
});

/** Moves the tenant to a tier of its own, so tier defaults set by a test touch no other tenant. */
async function ownTier(tenantId: string): Promise<string> {
  const tierId = `test-${uniqueTag()}`;
  await harness.prisma.slaTier.create({
    data: { id: tierId, name: tierId, availabilityTargetBasisPoints: 9900 },
  });
  await harness.prisma.tenant.update({ where: { id: tenantId }, data: { tierId } });
  return tierId;
}

describe('current spend', () => {
  it('sums the UTC month to date and today against the effective policy budgets (tenant over tier)', async () => {
    const { tenantId, owner, path, alpha, beta } = await tenantWithKeys();
    const tierId = await ownTier(tenantId);
    await harness.prisma.tierPolicyDefaults.create({
      data: {
        tierId,
        rateLimits: {},
        budgets: { monthlyCapMicros: '10000000', dailyCapMicros: '5000000' },
        guardrails: {},
        cache: {},
        routing: {},
        dataResidency: {},
      },
    });
    await harness.prisma.tenantPolicy.create({
      data: {
        id: newId('pol'),
        tenantId,
        version: 1,
        rateLimits: {},
        budgets: { dailyCapMicros: '1000000' },
        guardrails: {},
        cache: {},
        routing: {},
        dataResidency: {},
      },
    });
    await harness.prisma.tenant.update({ where: { id: tenantId }, data: { currentPolicyVersion: 1 } });

    const now = new Date();
    const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const at = (date: Date) => date.toISOString();
    await insertRollups(tenantId, [
      { apiKeyId: alpha, model: 'm1', hourStart: at(hour), costMicros: 300_000n },
      { apiKeyId: beta, model: 'm1', hourStart: at(monthStart), costMicros: 200_000n },
      {
        apiKeyId: alpha,
        model: 'm1',
        hourStart: at(new Date(monthStart.getTime() - 3_600_000)),
        costMicros: 7n,
      },
      { apiKeyId: alpha, model: 'm1', hourStart: at(nextMonth), costMicros: 9n },
    ]);
    const startedToday = now.getUTCDate() === 1;
    const today = startedToday ? 500_000 : 300_000;

    const response = await owner.get<SpendResponse>(`${path}/spend`);
    expect(response.status).toBe(200);
    expect(response.body.month).toEqual({
      start: at(monthStart),
      end: at(nextMonth),
      spentMicros: '500000',
      budgetMicros: '10000000',
      percentUsed: 5,
    });
    expect(response.body.today).toMatchObject({
      spentMicros: String(today),
      budgetMicros: '1000000',
      percentUsed: today / 10_000,
    });
  });

  it('has no budget and no percentage when neither tier nor tenant sets one', async () => {
    const { tenantId, owner, path } = await tenantWithKeys();
    await ownTier(tenantId);
    const response = await owner.get<SpendResponse>(`${path}/spend`);
    expect(response.status).toBe(200);
    expect(response.body.month).toMatchObject({ spentMicros: '0', budgetMicros: null, percentUsed: null });
    expect(response.body.today).toMatchObject({ spentMicros: '0', budgetMicros: null, percentUsed: null });
  });
});
