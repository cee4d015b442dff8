import { describe, expect, it } from 'vitest';
import {
  CHI_SQUARE_P001,
  chiSquare,
  deployment,
  firstPicks,
  request,
  route,
  seeded,
} from './__fixtures__/routing';
import { WeightedStrategy } from './weighted.strategy';

const heavy = deployment('heavy', { weight: 3 });
const light = deployment('light', { weight: 1 });
const spare = deployment('spare', { weight: 0 });

describe('weighted', () => {
  it('picks first in proportion to the weights, and keeps weight 0 as a fallback only', () => {
    const strategy = new WeightedStrategy(seeded(7));
    const weighted = route('weighted', [heavy, light, spare]);
    const counts = firstPicks(4000, () => {
      const order = strategy.order([heavy, light, spare], weighted, request());
      expect(order.map((d) => d.name).slice(2)).toEqual(['spare']);
      return order;
    });
    expect(counts.spare).toBeUndefined();
    expect(chiSquare([counts.heavy ?? 0, counts.light ?? 0], [0.75, 0.25])).toBeLessThan(CHI_SQUARE_P001[1]);
  });

  it('gives an end user the same order every time, and spreads users by weight', () => {
    const strategy = new WeightedStrategy(() => {
      throw new Error('a sticky pick must not draw a random number');
    });
    const weighted = route('weighted', [heavy, light, spare]);
    const counts: Record<string, number> = {};
    for (let user = 0; user < 6000; user += 1) {
      const orders = [1, 2, 3].map(() =>
        strategy
          .order([heavy, light, spare], weighted, request({ endUser: `user-${user}` }))
          .map((d) => d.name),
      );
      expect(orders[1]).toEqual(orders[0]);
      expect(orders[2]).toEqual(orders[0]);
      expect(orders[0]?.[2]).toBe('spare');
      const first = orders[0]?.[0] ?? '';
      counts[first] = (counts[first] ?? 0) + 1;
    }
    expect(chiSquare([counts.heavy ?? 0, counts.light ?? 0], [0.75, 0.25])).toBeLessThan(CHI_SQUARE_P001[1]);
  });

  it('moves only the users it must when one weight changes', () => {
    const strategy = new WeightedStrategy();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => deployment(name));
    const before = route('weighted', [a!, b!, c!]);
    const raisedC = { ...c!, weight: 2 };
    const after = route('weighted', [a!, b!, raisedC]);
    let moved = 0;
    for (let user = 0; user < 3000; user += 1) {
      const endUser = `user-${user}`;
      const was = strategy.order([a!, b!, c!], before, request({ endUser }))[0]?.name;
      const is = strategy.order([a!, b!, raisedC], after, request({ endUser }))[0]?.name;
      if (was === is) continue;
      moved += 1;
      // Raising c's weight only takes users from a and b to c: nobody moves between a and b.
      expect(is).toBe('c');
    }
    // c's share goes from 1/3 to 1/2: about a sixth of the users move, and no more.
    expect(moved / 3000).toBeGreaterThan(0.13);
    expect(moved / 3000).toBeLessThan(0.2);
  });

  it('is random again when the route turns stickiness off', () => {
    const strategy = new WeightedStrategy(seeded(3));
    const notSticky = route('weighted', [heavy, light], { sticky: { enabled: false } });
    const counts = firstPicks(400, () =>
      strategy.order([heavy, light], notSticky, request({ endUser: 'u' })),
    );
    expect(counts.heavy).toBeGreaterThan(250);
    expect(counts.light).toBeGreaterThan(50);
  });
});
