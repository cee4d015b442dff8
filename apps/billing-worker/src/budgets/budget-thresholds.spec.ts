import { describe, expect, it } from 'vitest';
import { capMicrosOf, crossedThresholds, DEFAULT_THRESHOLDS_PERCENT } from './budget-thresholds';

describe('crossedThresholds', () => {
  it('lists every threshold reached, a threshold counting as reached at exactly its share', () => {
    expect(crossedThresholds(799_999n, 1_000_000n, DEFAULT_THRESHOLDS_PERCENT)).toEqual([50]);
    expect(crossedThresholds(800_000n, 1_000_000n, DEFAULT_THRESHOLDS_PERCENT)).toEqual([50, 80]);
    expect(crossedThresholds(2_000_000n, 1_000_000n, [90, 100])).toEqual([90, 100]);
  });

  it('alerts on nothing without a positive cap', () => {
    expect(crossedThresholds(5n, undefined, [50])).toEqual([]);
    expect(crossedThresholds(5n, 0n, [50])).toEqual([]);
  });

  it('reads caps stored as decimal strings (policies) or numbers (key overrides) exactly', () => {
    expect(capMicrosOf('9007199254740993')).toBe(9_007_199_254_740_993n);
    expect(capMicrosOf(2_500_000)).toBe(2_500_000n);
    expect(capMicrosOf(undefined)).toBeUndefined();
  });
});
