import { describe, expect, it } from 'vitest';
import { computeUsageCost } from './usage-cost';

const prices = {
  inputMicrosPerMillion: 1_000_000,
  outputMicrosPerMillion: 2_000_000,
  cachedInputMicrosPerMillion: 0,
};

describe('computeUsageCost', () => {
  it('bills upstream tokens in full and saves nothing without cache-served tokens', () => {
    expect(computeUsageCost({ inputTokens: 1_000, outputTokens: 500, cachedInputTokens: 0 }, prices)).toEqual(
      { costMicros: 2_000, cacheSavedCostMicros: 0 },
    );
  });

  it('bills cache-served tokens at the percent, rounded up, and counts the rest as saved', () => {
    const tokens = {
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      cacheHitInputTokens: 1_000,
      cacheHitOutputTokens: 501,
      cachePricePercent: 10,
    };
    // Full: 1,000 + 1,002 = 2,002 micros; 10 % = 200.2, rounded up to 201.
    expect(computeUsageCost(tokens, prices)).toEqual({ costMicros: 201, cacheSavedCostMicros: 1_801 });
  });

  it('adds the upstream part of an embeddings request to its discounted cached part', () => {
    const tokens = {
      inputTokens: 300,
      outputTokens: 0,
      cachedInputTokens: 0,
      cacheHitInputTokens: 700,
      cachePricePercent: 0,
    };
    expect(computeUsageCost(tokens, prices)).toEqual({ costMicros: 300, cacheSavedCostMicros: 700 });
  });
});
