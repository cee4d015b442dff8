import { describe, expect, it } from 'vitest';
import { createRng, cutPoint, parseForcedFailure, pickFailure } from './failures.js';

const none = { errorRate: 0, errorCodes: [500], disconnectRate: 0 };

describe('failure injection', () => {
  it('repeats exactly for a seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const seqA = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('reads x-demo-fail values', () => {
    expect(parseForcedFailure('429')).toEqual({ kind: 'status', status: 429 });
    expect(parseForcedFailure(' Disconnect ')).toEqual({ kind: 'disconnect' });
    expect(parseForcedFailure('200')).toBeNull();
    expect(parseForcedFailure('nope')).toBeNull();
    expect(parseForcedFailure(undefined)).toBeNull();
  });

  it('prefers a forced failure and draws nothing without rates', () => {
    let draws = 0;
    const rng = (): number => {
      draws += 1;
      return 0;
    };
    expect(pickFailure({ kind: 'status', status: 503 }, false, none, rng)).toEqual({
      kind: 'status',
      status: 503,
    });
    expect(pickFailure(null, true, none, rng)).toBeNull();
    expect(draws).toBe(0);
  });

  it('applies the error rate, and random disconnects only to streams', () => {
    const rng = createRng(1);
    expect(pickFailure(null, false, { ...none, errorRate: 1, errorCodes: [529] }, rng)).toEqual({
      kind: 'status',
      status: 529,
    });
    expect(pickFailure(null, true, { ...none, disconnectRate: 1 }, rng)).toEqual({ kind: 'disconnect' });
    expect(pickFailure(null, false, { ...none, disconnectRate: 1 }, rng)).toBeNull();
  });

  it('cuts half-way by default, never past the end', () => {
    expect(cutPoint(24, null)).toBe(12);
    expect(cutPoint(24, 5)).toBe(5);
    expect(cutPoint(3, 10)).toBe(3);
  });
});
