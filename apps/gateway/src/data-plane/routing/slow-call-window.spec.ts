import { describe, expect, it } from 'vitest';
import { SlowCallWindow } from './slow-call-window';

describe('SlowCallWindow', () => {
  it('reports the slow share once enough calls were seen', () => {
    const window = new SlowCallWindow(30_000);
    for (let call = 0; call < 4; call += 1) window.record(call < 3, 1_000 + call);
    expect(window.slowRate(5, 1_010)).toBeUndefined();
    window.record(false, 1_020);
    expect(window.slowRate(5, 1_030)).toBeCloseTo(3 / 5);
  });

  it('forgets calls older than the window', () => {
    const window = new SlowCallWindow(30_000);
    for (let call = 0; call < 10; call += 1) window.record(true, 1_000);
    expect(window.slowRate(1, 20_000)).toBe(1);
    for (let call = 0; call < 10; call += 1) window.record(false, 25_000);
    expect(window.slowRate(1, 25_000)).toBe(0.5);
    // 34 s after the slow calls: only the later, fast ones are left.
    expect(window.slowRate(1, 35_000)).toBe(0);
    expect(window.slowRate(1, 70_000)).toBeUndefined();
  });

  it('starts over after a reset', () => {
    const window = new SlowCallWindow(30_000);
    window.record(true, 1);
    window.reset();
    expect(window.slowRate(1, 2)).toBeUndefined();
  });
});
