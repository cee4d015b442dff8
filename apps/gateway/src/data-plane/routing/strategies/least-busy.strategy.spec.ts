import { describe, expect, it } from 'vitest';
import { deployment, fakeLoad, firstPicks, seeded } from './__fixtures__/routing';
import { LeastBusyStrategy } from './least-busy.strategy';

const group = () => ['a', 'b', 'c'].map((name) => deployment(name));

describe('least_busy', () => {
  it('puts the deployment with the fewest requests in flight first, then the next least busy', () => {
    const strategy = new LeastBusyStrategy(fakeLoad({ a: 5, b: 0, c: 2 }), seeded(1));
    expect(strategy.order(group()).map((d) => d.name)).toEqual(['b', 'c', 'a']);
  });

  it('shares the traffic between equally busy deployments', () => {
    const strategy = new LeastBusyStrategy(fakeLoad({ a: 3, b: 1, c: 1 }), seeded(2));
    const counts = firstPicks(1000, () => strategy.order(group()));
    expect(counts.a).toBeUndefined();
    expect(counts.b).toBeGreaterThan(420);
    expect(counts.c).toBeGreaterThan(420);
  });
});
