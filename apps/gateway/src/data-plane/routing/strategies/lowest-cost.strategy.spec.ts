import { describe, expect, it } from 'vitest';
import { deployment, firstPicks, seeded } from './__fixtures__/routing';
import { LowestCostStrategy } from './lowest-cost.strategy';

const prices = (input: number, output: number) => ({
  prices: { inputMicrosPerMillion: input, outputMicrosPerMillion: output, cachedInputMicrosPerMillion: 0 },
});

describe('lowest_cost', () => {
  it('orders by the price of three input tokens per output token, cheapest first', () => {
    const strategy = new LowestCostStrategy(seeded(1));
    const cheapInput = deployment('cheap-input', prices(100_000, 2_000_000)); // 2.3
    const cheapOutput = deployment('cheap-output', prices(600_000, 400_000)); // 2.2
    const dear = deployment('dear', prices(2_500_000, 10_000_000));
    expect(strategy.order([dear, cheapInput, cheapOutput]).map((d) => d.name)).toEqual([
      'cheap-output',
      'cheap-input',
      'dear',
    ]);
  });

  it('breaks a tie of price by weight, then shares it at random', () => {
    const strategy = new LowestCostStrategy(seeded(2));
    const heavy = deployment('heavy', { weight: 5, ...prices(1, 1) });
    const a = deployment('a', prices(1, 1));
    const b = deployment('b', prices(1, 1));
    expect(strategy.order([a, b, heavy])[0]?.name).toBe('heavy');
    const counts = firstPicks(1000, () => strategy.order([a, b]));
    expect(counts.a).toBeGreaterThan(420);
    expect(counts.b).toBeGreaterThan(420);
  });
});
