import { describe, expect, it } from 'vitest';
import type { UsagePoint, UsageSeriesResponse } from '@llmguard/shared';
import { chartRows, costShare, grandTotal, labelSeries, seriesTotals } from './usage-chart';

const point = (bucketStart: string, fields: Partial<UsagePoint> = {}): UsagePoint => ({
  bucketStart,
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
  ...fields,
});

const H0 = '2026-03-05T00:00:00.000Z';
const H1 = '2026-03-05T01:00:00.000Z';

const byKey: UsageSeriesResponse = {
  from: H0,
  to: '2026-03-05T02:00:00.000Z',
  granularity: 'hour',
  groupBy: 'apiKey',
  series: [
    {
      key: 'key_a',
      name: 'production',
      points: [
        point(H0, { requests: 2, errors: 1, inputTokens: '9007199254740993', costMicros: '1500000' }),
        point(H1, { requests: 1, costMicros: '500000' }),
      ],
    },
    { key: 'key_gone', name: null, points: [point(H0), point(H1, { requests: 4, costMicros: '2000000' })] },
  ],
  rest: { groups: 3, points: [point(H0, { requests: 1 }), point(H1)] },
};

describe('labelSeries', () => {
  it('names keys (and deleted keys), colours them, and puts the summed rest last', () => {
    expect(labelSeries(byKey).map(({ id, label, key }) => ({ id, label, key }))).toEqual([
      { id: 's0', label: 'production', key: 'key_a' },
      { id: 's1', label: 'Deleted key (key_gone)', key: 'key_gone' },
      { id: 's2', label: '3 other keys', key: null },
    ]);
  });

  it('calls the ungrouped series "All requests"', () => {
    const single = { ...byKey, groupBy: null, rest: null, series: [{ key: null, name: null, points: [] }] };
    expect(labelSeries(single)[0]?.label).toBe('All requests');
  });
});

describe('chartRows', () => {
  it('makes one row per bucket with a column per series', () => {
    const series = labelSeries(byKey);
    expect(chartRows(series, 'requests')).toEqual([
      { bucketStart: H0, s0: 2, s1: 0, s2: 1 },
      { bucketStart: H1, s0: 1, s1: 4, s2: 0 },
    ]);
    expect(chartRows(series, 'costUsd')[0]).toMatchObject({ s0: 1.5 });
  });
});

describe('seriesTotals and grandTotal', () => {
  it('sums each series exactly, beyond 2^53', () => {
    const rows = seriesTotals(labelSeries(byKey));
    expect(rows[0]).toMatchObject({
      requests: 3,
      errors: 1,
      inputTokens: '9007199254740993',
      costMicros: '2000000',
    });
    expect(grandTotal(rows)).toEqual({
      requests: 8,
      errors: 1,
      inputTokens: '9007199254740993',
      outputTokens: '0',
      cachedInputTokens: '0',
      costMicros: '4000000',
    });
  });
});

describe('costShare', () => {
  it('is a percentage with one decimal, 0 without spend', () => {
    expect(costShare('1', '3')).toBe(33.3);
    expect(costShare('0', '0')).toBe(0);
  });
});
