import { describe, expect, it } from 'vitest';
import { adminUsageHref, tenantFilterFromParams, usageRangeFromParams } from './admin-usage-range';

const now = new Date('2026-03-10T14:25:00Z');

describe('usageRangeFromParams', () => {
  it('defaults to the last 7 days by day, today included', () => {
    expect(usageRangeFromParams({}, now)).toEqual({
      preset: '7d',
      from: '2026-03-04T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
      granularity: 'day',
      fromDay: '2026-03-04',
      toDay: '2026-03-10',
    });
  });

  it('reads the last 24 hours by hour, this hour included', () => {
    expect(usageRangeFromParams({ range: '24h' }, now)).toMatchObject({
      from: '2026-03-09T15:00:00.000Z',
      to: '2026-03-10T15:00:00.000Z',
      granularity: 'hour',
    });
  });

  it('reads a custom range of whole days, both ends included', () => {
    expect(usageRangeFromParams({ from: '2026-01-01', to: '2026-01-31' }, now)).toMatchObject({
      preset: 'custom',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      granularity: 'day',
    });
  });

  it('falls back to the default and says why for a bad custom range', () => {
    expect(usageRangeFromParams({ from: '2026-02-01', to: '2026-01-01' }, now)).toMatchObject({
      preset: '7d',
      problem: 'The range ends before it starts.',
    });
    expect(usageRangeFromParams({ from: '2025-01-01', to: '2026-01-01' }, now).problem).toBe(
      'A range covers at most 92 days.',
    );
    expect(usageRangeFromParams({ from: 'yesterday' }, now).problem).toBe('Enter both days of the range.');
  });

  it('ignores an unknown preset', () => {
    expect(usageRangeFromParams({ range: '1y' }, now).preset).toBe('7d');
  });
});

describe('tenantFilterFromParams', () => {
  it('reads a trimmed filter, and none when blank or absent', () => {
    expect(tenantFilterFromParams({ tenant: '  acme ' })).toBe('acme');
    expect(tenantFilterFromParams({ tenant: '   ' })).toBeUndefined();
    expect(tenantFilterFromParams({})).toBeUndefined();
    expect(tenantFilterFromParams({ tenant: ['first', 'second'] })).toBe('first');
  });

  it('cuts a filter to the 100 characters the API takes', () => {
    expect(tenantFilterFromParams({ tenant: 'x'.repeat(150) })).toHaveLength(100);
  });
});

describe('adminUsageHref', () => {
  it('keeps the range and the tenant filter together', () => {
    expect(adminUsageHref('24h', 'acme corp')).toBe('/admin/usage?range=24h&tenant=acme+corp');
    expect(adminUsageHref(usageRangeFromParams({ range: '30d' }, now), undefined)).toBe(
      '/admin/usage?range=30d',
    );
    expect(adminUsageHref(usageRangeFromParams({ from: '2026-01-01', to: '2026-01-31' }, now), 'acme')).toBe(
      '/admin/usage?from=2026-01-01&to=2026-01-31&tenant=acme',
    );
  });
});
