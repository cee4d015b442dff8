import { describe, expect, it } from 'vitest';
import { bucketStarts, fillBuckets, toUsageTotals, ZERO_SUMS } from './usage-buckets';

describe('usage buckets', () => {
  it('rounds the start down to its UTC bucket and stops before the exclusive end', () => {
    const hours = bucketStarts(new Date('2030-01-01T10:30:00Z'), new Date('2030-01-01T13:00:00Z'), 'hour');
    expect(hours.map((start) => start.toISOString())).toEqual([
      '2030-01-01T10:00:00.000Z',
      '2030-01-01T11:00:00.000Z',
      '2030-01-01T12:00:00.000Z',
    ]);
    const days = bucketStarts(new Date('2030-01-30T23:00:00+02:00'), new Date('2030-02-01T00:00:01Z'), 'day');
    expect(days.map((start) => start.toISOString())).toEqual([
      '2030-01-30T00:00:00.000Z',
      '2030-01-31T00:00:00.000Z',
      '2030-02-01T00:00:00.000Z',
    ]);
  });

  it('fills a bucket without rows with zeros and no mean latency', () => {
    const starts = bucketStarts(new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T02:00:00Z'), 'hour');
    const second = starts[1]!.getTime();
    const points = fillBuckets(
      starts,
      new Map([
        [second, { ...ZERO_SUMS, requests: '3', latencyMsSum: '100', costMicros: '9007199254740993' }],
      ]),
    );
    expect(points[0]).toMatchObject({ requests: 0, costMicros: '0', latencyMsMean: null });
    expect(points[1]).toMatchObject({ requests: 3, costMicros: '9007199254740993', latencyMsMean: 33 });
  });

  it('keeps micros beyond 2^53 exact', () => {
    expect(toUsageTotals({ ...ZERO_SUMS, costMicros: '123456789012345678901' }).costMicros).toBe(
      '123456789012345678901',
    );
  });
});
