import { describe, expect, it } from 'vitest';
import type { CachedAnswerEntry } from './answers/cached-answer';
import { Coalescing } from './coalescing';

const answer = { v: 1 } as CachedAnswerEntry;

describe('Coalescing', () => {
  it('lets the first request of a key lead and the others wait for what it lands with', async () => {
    const flights = new Coalescing();
    const first = flights.board('tnt_a', 'h');
    const second = flights.board('tnt_a', 'h');
    if (!('leader' in first) || !('answer' in second)) throw new Error('expected a leader, then a follower');
    first.leader.land(answer);
    expect(await second.answer).toBe(answer);
    expect(flights.size).toBe(0);
  });

  it('keeps tenants apart and starts a new flight once one has landed', () => {
    const flights = new Coalescing();
    const first = flights.board('tnt_a', 'h');
    expect('leader' in flights.board('tnt_b', 'h')).toBe(true);
    if ('leader' in first) first.leader.land(undefined);
    expect('leader' in flights.board('tnt_a', 'h')).toBe(true);
  });
});
