import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue';

function drain(queue: FairQueue<string>, count: number): string[] {
  return Array.from({ length: count }, () => queue.shift() ?? '-');
}

describe('FairQueue', () => {
  it("alternates between tenants of equal weight, whatever one tenant's backlog", () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 50; i += 1) queue.push('burst', 1, `a${i}`);
    queue.push('steady', 1, 'b0');
    queue.push('steady', 1, 'b1');
    const served = drain(queue, 6);
    expect(served.filter((item) => item.startsWith('b'))).toEqual(['b0', 'b1']);
    expect(served.indexOf('b1')).toBeLessThanOrEqual(4);
  });

  it('serves tenants in proportion to their weights while both wait', () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 100; i += 1) {
      queue.push('free', 1, 'free');
      queue.push('pro', 4, 'pro');
    }
    const served = drain(queue, 50);
    expect(served.filter((item) => item === 'pro')).toHaveLength(40);
  });

  it('gives a tenant that was idle no credit for its idle time', () => {
    const queue = new FairQueue<string>();
    for (let i = 0; i < 20; i += 1) queue.push('a', 1, 'a');
    drain(queue, 10);
    for (let i = 0; i < 20; i += 1) queue.push('b', 1, 'b');
    // b joins now: it alternates with a rather than being served ten times in a row.
    expect(drain(queue, 4).filter((item) => item === 'b')).toHaveLength(2);
  });

  it('removes a waiter wherever it is and keeps the count', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 1, 'x');
    queue.push('a', 1, 'y');
    expect(queue.remove('a', 'x')).toBe(true);
    expect(queue.remove('a', 'x')).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.shift()).toBe('y');
    expect(queue.shift()).toBeUndefined();
  });
});
