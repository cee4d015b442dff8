import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, USAGE_EXPORT_COLUMNS, type ApiKeyView, type UsageSummaryResponse } from '@llmguard/shared';
import { errorOf } from './support/api-client';
import { startControlPlane, type ControlPlaneHarness } from './support/control-plane-harness';
import { csvRecords, download, parseCsv } from './support/downloads';
import { describePermissionMatrix, EVERYONE, tenantPath } from './support/permission-matrix';

// The usage CSV export (the series the portal charts, as a file) and the summary's latency percentiles.

let harness: ControlPlaneHarness;

beforeAll(async () => {
  harness = await startControlPlane();
});

afterAll(async () => {
  await harness?.close();
});

const DAY = { from: '2025-03-01T00:00:00Z', to: '2025-03-01T03:00:00Z', granularity: 'hour' };

/** A tenant whose key "=SUM(A1)" (a formula, if a spreadsheet ran it) and key "plain" have usage on 1 March. */
async function tenantWithUsage() {
  const { slug, tenantId, owner } = await harness.tenantWithOwner();
  const keyId = async (name: string) =>
    (await owner.client.post<{ key: ApiKeyView }>(`/api/tenants/${slug}/api-keys`, { name })).body.key.id;
  const formula = await keyId('=SUM(A1)');
  const plain = await keyId('plain');
  await harness.prisma.usageRollupHourly.createMany({
    data: [
      {
        apiKeyId: formula,
        model: 'm1',
        hourStart: new Date('2025-03-01T00:00:00Z'),
        requests: 2,
        errors: 1,
        inputTokens: 10n,
        outputTokens: 5n,
        cachedInputTokens: 2n,
        costMicros: 9_007_199_254_740_993n,
        latencyMsSum: 300n,
      },
      {
        apiKeyId: plain,
        model: 'm2',
        hourStart: new Date('2025-03-01T02:00:00Z'),
        requests: 1,
        costMicros: 1_500n,
        latencyMsSum: 40n,
      },
    ].map((row) => ({ ...row, tenantId })),
  });
  return { slug, tenantId, owner: owner.client, formula, plain, path: `/api/tenants/${slug}/usage/export` };
}

describe('usage CSV export', () => {
  it('downloads one row per bucket, exact to the micro, with a header and a file name', async () => {
    const { slug, owner, path } = await tenantWithUsage();
    const response = await download(owner, path, DAY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="usage-${slug}-2025-03-01-2025-03-01.csv"`,
    );
    expect(parseCsv(response.text)[0]).toEqual([...USAGE_EXPORT_COLUMNS]);
    const rows = csvRecords(response.text);
    expect(
      rows.map((row) => [row.bucketStart, row.series, row.requests, row.costMicros, row.costUsd]),
    ).toEqual([
      ['2025-03-01T00:00:00.000Z', 'all', '2', '9007199254740993', '9007199254.740993'],
      ['2025-03-01T01:00:00.000Z', 'all', '0', '0', '0.000000'],
      ['2025-03-01T02:00:00.000Z', 'all', '1', '1500', '0.001500'],
    ]);
    expect(rows[0]).toMatchObject({
      errors: '1',
      inputTokens: '10',
      outputTokens: '5',
      cachedInputTokens: '2',
      latencyMsMean: '150',
    });
    expect(rows[1]!.latencyMsMean).toBe('');
  });

  it('splits per key with names, neutralising a name a spreadsheet would run as a formula', async () => {
    const { owner, path, formula, plain } = await tenantWithUsage();
    const rows = csvRecords((await download(owner, path, { ...DAY, groupBy: 'apiKey' })).text);
    expect(
      rows.map((row) => [row.bucketStart?.slice(11, 13), row.series, row.seriesName, row.requests]),
    ).toEqual([
      ['00', formula, "'=SUM(A1)", '2'],
      ['00', plain, 'plain', '0'],
      ['01', formula, "'=SUM(A1)", '0'],
      ['01', plain, 'plain', '0'],
      ['02', formula, "'=SUM(A1)", '0'],
      ['02', plain, 'plain', '1'],
    ]);
    const byModel = csvRecords((await download(owner, path, { ...DAY, groupBy: 'model', model: 'm2' })).text);
    expect(byModel.map((row) => [row.series, row.requests])).toEqual([
      ['m2', '0'],
      ['m2', '0'],
      ['m2', '1'],
    ]);
  });

  it('refuses a bad range as JSON naming the field, like the series', async () => {
    const { owner, path } = await tenantWithUsage();
    const response = await download(owner, path, {
      from: '2025-03-02T00:00:00Z',
      to: '2025-03-01T00:00:00Z',
    });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.map((error) => error.location)).toEqual(['query.from']);
  });
});

describePermissionMatrix([
  {
    name: 'GET usage export',
    allowed: EVERYONE,
    okStatus: 200,
    call: (c, t) => download(c, `${tenantPath(t)}/usage/export`, DAY),
  },
]);

describe('usage summary latency percentiles', () => {
  it('gives the p95 of non-streamed latency and of streamed TTFT from the raw events of the range only', async () => {
    const { slug, tenantId, owner } = await harness.tenantWithOwner();
    const event = (index: number, stream: boolean, occurredAt: string) => ({
      requestId: newId('req'),
      tenantId,
      apiKeyId: 'key_p95',
      model: stream ? 'm-stream' : 'm1',
      inputTokens: 1,
      outputTokens: 1,
      costMicros: 1n,
      status: 200,
      outcome: 'success',
      stream,
      latencyMs: stream ? 5_000 : (index + 1) * 10,
      ttftMs: stream ? (index + 1) * 2 : null,
      occurredAt: new Date(occurredAt),
    });
    await harness.prisma.usageEvent.createMany({
      data: [
        // 1..100 × 10 ms non-streamed and 1..100 × 2 ms TTFT streamed, inside the range.
        ...Array.from({ length: 100 }, (_, index) => event(index, false, '2025-03-01T10:00:00Z')),
        ...Array.from({ length: 100 }, (_, index) => event(index, true, '2025-03-01T11:00:00Z')),
        // Outside the range: must not move the percentile.
        event(10_000, false, '2025-03-02T00:00:00Z'),
      ],
    });
    const summary = (query: Record<string, string>) =>
      owner.client.get<UsageSummaryResponse>(`/api/tenants/${slug}/usage/summary`, { query });
    const range = { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z' };
    // percentile_cont(0.95) of 10, 20, …, 1000 is 950.5 → 951; of 2, 4, …, 200 is 190.1 → 190.
    expect((await summary(range)).body).toMatchObject({ latencyMsP95: 951, ttftMsP95: 190 });
    expect((await summary({ ...range, model: 'm1' })).body).toMatchObject({
      latencyMsP95: 951,
      ttftMsP95: null,
    });
    expect((await summary({ from: '2025-02-01T00:00:00Z', to: '2025-02-02T00:00:00Z' })).body).toMatchObject({
      latencyMsP95: null,
      ttftMsP95: null,
    });
  });
});
