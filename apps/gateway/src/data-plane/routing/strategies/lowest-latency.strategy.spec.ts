import { describe, expect, it } from 'vitest';
import { deployment, fakeLoad, firstPicks, request, route, seeded } from './__fixtures__/routing';
import { LowestLatencyStrategy } from './lowest-latency.strategy';

const group = () => ['fast', 'slow', 'medium'].map((name) => deployment(name));
const noExploration = route('lowest_latency', group(), { latency: { explorationRate: 0 } });

describe('lowest_latency', () => {
  it('orders by the measured time to first token, fastest first', () => {
    const load = fakeLoad({}, { fast: 40, slow: 900, medium: 200 });
    const strategy = new LowestLatencyStrategy(load, seeded(1));
    expect(strategy.order(group(), noExploration, request()).map((d) => d.name)).toEqual([
      'fast',
      'medium',
      'slow',
    ]);
  });

  it('tries a deployment never measured first, the least busy of them first', () => {
    const load = fakeLoad({ slow: 3, medium: 1 }, { fast: 40 });
    const strategy = new LowestLatencyStrategy(load, seeded(1));
    expect(strategy.order(group(), noExploration, request()).map((d) => d.name)).toEqual([
      'medium',
      'slow',
      'fast',
    ]);
  });

  it('starts a share of requests (explorationRate) with another deployment', () => {
    const load = fakeLoad({}, { fast: 40, slow: 900, medium: 200 });
    const strategy = new LowestLatencyStrategy(load, seeded(5));
    const exploring = route('lowest_latency', group(), { latency: { explorationRate: 0.1 } });
    const counts = firstPicks(5000, () => strategy.order(group(), exploring, request()));
    expect((counts.fast ?? 0) / 5000).toBeGreaterThan(0.88);
    expect((counts.fast ?? 0) / 5000).toBeLessThan(0.92);
    expect(counts.slow).toBeGreaterThan(150);
    expect(counts.medium).toBeGreaterThan(150);
  });
});
