import { describe, expect, it } from 'vitest';
import type { SlaDay } from '@llmguard/shared';
import {
  adjacentMonths,
  availabilityAxisMin,
  breachSummary,
  daysFromFirstTraffic,
  isBreached,
  toSlaChartPoints,
} from './sla-display';

const day = (overrides: Partial<SlaDay>): SlaDay => ({
  day: '2026-11-01',
  source: 'report',
  requests: 100,
  serverErrors: 0,
  availabilityBasisPoints: 10_000,
  latencyP50Ms: 80,
  latencyP95Ms: 120,
  ttftP95Ms: null,
  availabilityBreached: false,
  latencyBreached: false,
  ttftBreached: false,
  ...overrides,
});

describe('SLA display', () => {
  it('navigates months across years and never into the future', () => {
    expect(adjacentMonths('2026-01', '2026-11')).toEqual({ previous: '2025-12', next: '2026-02' });
    expect(adjacentMonths('2026-11', '2026-11')).toEqual({ previous: '2026-10', next: null });
    expect(adjacentMonths('2025-12', '2026-11').next).toBe('2026-01');
  });

  it('charts availability in percent, leaving days without requests empty', () => {
    const points = toSlaChartPoints([
      day({ availabilityBasisPoints: 9_950, availabilityBreached: true }),
      day({ day: '2026-11-02', requests: 0 }),
    ]);
    expect(points).toEqual([
      {
        day: '2026-11-01',
        availabilityPercent: 99.5,
        latencyP50Ms: 80,
        latencyP95Ms: 120,
        ttftP95Ms: null,
        breached: true,
      },
      {
        day: '2026-11-02',
        availabilityPercent: null,
        latencyP50Ms: 80,
        latencyP95Ms: 120,
        ttftP95Ms: null,
        breached: false,
      },
    ]);
  });

  it('names what a day missed', () => {
    expect(isBreached(day({}))).toBe(false);
    expect(breachSummary(day({ availabilityBreached: true, ttftBreached: true }))).toBe('availability, TTFT');
  });

  it('zooms the availability axis around the target and the worst day', () => {
    expect(availabilityAxisMin([], 99.9)).toBe(99.8);
    const points = toSlaChartPoints([day({ availabilityBasisPoints: 9_000 })]);
    expect(availabilityAxisMin(points, 99.9)).toBe(85);
  });

  it('lists days from the first one with traffic, gaps after it included', () => {
    const days = [
      day({ day: 'a', requests: 0 }),
      day({ day: 'b' }),
      day({ day: 'c', requests: 0 }),
      day({ day: 'd' }),
    ];
    expect(daysFromFirstTraffic(days).map((entry) => entry.day)).toEqual(['b', 'c', 'd']);
    expect(daysFromFirstTraffic([day({ requests: 0 })])).toEqual([]);
  });
});
