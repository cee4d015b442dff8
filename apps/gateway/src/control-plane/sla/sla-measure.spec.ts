import { describe, expect, it } from 'vitest';
import type { SlaTargets } from '@llmguard/shared';
import { availabilityBasisPoints, measure, slaPeriod } from './sla-measure';

const targets: SlaTargets = {
  tierId: 'pro',
  tierName: 'Pro',
  availabilityBasisPoints: 9990,
  latencyP95Ms: 1000,
  ttftP95Ms: null,
  creditPercent: 10,
};

describe('SLA measures', () => {
  it('rounds availability down, so a miss by a hair still shows as a miss', () => {
    expect(availabilityBasisPoints(100_000, 101)).toBe(9989);
    expect(availabilityBasisPoints(0, 0)).toBe(10_000);
    expect(
      measure(
        { requests: 100_000, serverErrors: 101, latencyP50Ms: null, latencyP95Ms: null, ttftP95Ms: null },
        targets,
      ),
    ).toMatchObject({ availabilityBasisPoints: 9989, availabilityBreached: true });
    expect(
      measure(
        { requests: 100_000, serverErrors: 100, latencyP50Ms: null, latencyP95Ms: null, ttftP95Ms: null },
        targets,
      ).availabilityBreached,
    ).toBe(false);
  });

  it('breaches a latency target only when it is set and exceeded', () => {
    const at = (latencyP95Ms: number | null, ttftP95Ms: number | null) =>
      measure({ requests: 1, serverErrors: 0, latencyP50Ms: null, latencyP95Ms, ttftP95Ms }, targets);
    expect(at(1000.4, 99_999)).toMatchObject({
      latencyP95Ms: 1000,
      latencyBreached: false,
      ttftBreached: false,
    });
    expect(at(1001, null)).toMatchObject({ latencyBreached: true, ttftP95Ms: null });
    expect(at(null, null).latencyBreached).toBe(false);
  });

  it('rounds the median latency to whole ms and never counts it as a breach (no tier targets it)', () => {
    const measured = measure(
      { requests: 3, serverErrors: 0, latencyP50Ms: 999_999.6, latencyP95Ms: 10, ttftP95Ms: null },
      targets,
    );
    expect(measured).toMatchObject({ latencyP50Ms: 1_000_000, latencyP95Ms: 10, latencyBreached: false });
  });

  it('lists the days of a closed month and stops at now in the current one', () => {
    expect(slaPeriod('2024-02', new Date('2030-01-01T00:00:00Z')).days).toHaveLength(29);
    const current = slaPeriod('2030-01', new Date('2030-01-03T08:00:00Z'));
    expect(current.days).toEqual(['2030-01-01', '2030-01-02', '2030-01-03']);
    expect(current.to.toISOString()).toBe('2030-01-03T08:00:00.000Z');
  });
});
