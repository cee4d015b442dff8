import { describe, expect, it } from 'vitest';
import { dashboardRanges, parseUsageView, usageSeriesQuery, usageViewSearch } from './usage-range';

const now = new Date('2026-03-10T14:25:00Z');

describe('parseUsageView', () => {
  it('defaults to 7 days by day, split by model, ending with today', () => {
    expect(parseUsageView({}, now)).toEqual({
      preset: '7d',
      granularity: 'day',
      split: 'model',
      from: '2026-03-04T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
      fromDay: '2026-03-04',
      toDay: '2026-03-10',
    });
  });

  it('shows 24 hours by hour up to the end of the current hour', () => {
    expect(parseUsageView({ range: '24h' }, now)).toMatchObject({
      granularity: 'hour',
      from: '2026-03-09T15:00:00.000Z',
      to: '2026-03-10T15:00:00.000Z',
    });
  });

  it('starts "this month" on the 1st (UTC) and keeps an asked granularity', () => {
    expect(parseUsageView({ range: 'month', granularity: 'hour', split: 'key' }, now)).toMatchObject({
      preset: 'month',
      granularity: 'hour',
      split: 'key',
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-10T15:00:00.000Z',
    });
  });

  it('turns hours over more than 14 days into days, saying so', () => {
    const view = parseUsageView({ range: '30d', granularity: 'hour' }, now);
    expect(view.granularity).toBe('day');
    expect(view.notice).toMatch(/at most 14 days/);
  });

  it('takes a custom range of whole days, both included', () => {
    expect(parseUsageView({ range: 'custom', from: '2026-02-01', to: '2026-02-28' }, now)).toMatchObject({
      preset: 'custom',
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
      fromDay: '2026-02-01',
      toDay: '2026-02-28',
    });
  });

  it.each([
    [{ from: '2026-02-10', to: '2026-02-01' }, /before the start/],
    [{ from: '2026-02-31', to: '2026-03-01' }, /Pick a start/],
    [{ from: 'yesterday' }, /Pick a start/],
    [{ from: '2025-01-01', to: '2026-01-01' }, /at most 92 days/],
  ])('falls back to 7 days with a notice for a bad custom range %o', (range, notice) => {
    const view = parseUsageView({ range: 'custom', ...range }, now);
    expect(view).toMatchObject({ preset: '7d', from: '2026-03-04T00:00:00.000Z' });
    expect(view.notice).toMatch(notice);
  });

  it('ignores unknown values', () => {
    expect(parseUsageView({ range: 'year', granularity: 'week', split: 'user' }, now)).toMatchObject({
      preset: '7d',
      granularity: 'day',
      split: 'model',
    });
  });
});

describe('usageSeriesQuery', () => {
  it('maps the split to the API groupBy', () => {
    const view = parseUsageView({ range: '24h', split: 'key' }, now);
    expect(usageSeriesQuery(view)).toEqual({
      from: '2026-03-09T15:00:00.000Z',
      to: '2026-03-10T15:00:00.000Z',
      granularity: 'hour',
      groupBy: 'apiKey',
    });
    expect(usageSeriesQuery({ ...view, split: 'none' }).groupBy).toBeUndefined();
  });
});

describe('usageViewSearch', () => {
  const view = parseUsageView({ range: 'custom', from: '2026-02-01', to: '2026-02-03', split: 'key' }, now);

  it('keeps every setting, with the days of a custom range', () => {
    expect(usageViewSearch(view)).toBe(
      '?range=custom&from=2026-02-01&to=2026-02-03&granularity=day&split=key',
    );
  });

  it('lets a new preset pick its own granularity', () => {
    expect(usageViewSearch(view, { preset: '24h' })).toBe('?range=24h&split=key');
    expect(usageViewSearch(view, { granularity: 'hour' })).toContain('granularity=hour');
  });
});

describe('dashboardRanges', () => {
  it('cuts today, the month so far and the last 24 hours in UTC, current buckets included', () => {
    expect(dashboardRanges(now)).toEqual({
      today: { from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' },
      month: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' },
      last24Hours: { from: '2026-03-09T15:00:00.000Z', to: '2026-03-10T15:00:00.000Z' },
    });
  });
});
