import { describe, expect, it } from 'vitest';
import { computeCostMicros } from './compute-cost';

const prices = {
  inputMicrosPerMillion: 150_000,
  outputMicrosPerMillion: 600_000,
  cachedInputMicrosPerMillion: 75_000,
};

describe('computeCostMicros', () => {
  it('bills cached input at the cached price and the rest at the input price', () => {
    // 1M input of which 400k cached, 1M output: 600k*0.15 + 400k*0.075 + 1M*0.6 = 0.09+0.03+0.6 USD.
    expect(
      computeCostMicros(
        { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 1_000_000 },
        prices,
      ),
    ).toBe(720_000);
  });

  it('rounds a fraction of a micro up, so tiny calls are never free', () => {
    expect(computeCostMicros({ inputTokens: 1, cachedInputTokens: 0, outputTokens: 0 }, prices)).toBe(1);
    expect(computeCostMicros({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 }, prices)).toBe(0);
  });

  it('is exact where floating point is not', () => {
    const tokens = { inputTokens: 123_456_789, cachedInputTokens: 0, outputTokens: 0 };
    expect(computeCostMicros(tokens, { ...prices, inputMicrosPerMillion: 3 })).toBe(371);
  });
});
