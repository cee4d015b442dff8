import { describe, expect, it } from 'vitest';
import { deployment, route } from './__fixtures__/routing';
import { RoundRobinStrategy } from './round-robin.strategy';

describe('round_robin', () => {
  it('cycles through the group, the fallbacks being the next in turn, with a counter per route', () => {
    const strategy = new RoundRobinStrategy();
    const group = ['a', 'b', 'c'].map((name) => deployment(name));
    const first = route('round_robin', group);
    const other = { ...route('round_robin', group), id: 'rte_other' };
    const orders = [0, 1, 2, 3].map(() =>
      strategy
        .order([...group], first)
        .map((d) => d.name)
        .join(''),
    );
    expect(orders).toEqual(['abc', 'bca', 'cab', 'abc']);
    expect(
      strategy
        .order([...group], other)
        .map((d) => d.name)
        .join(''),
    ).toBe('abc');
  });
});
