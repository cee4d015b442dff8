import { describe, expect, it } from 'vitest';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import { contextWindowOf, hasLargerContext, orderCandidates } from './candidates';

function deployment(name: string, priority: number, weight = 1, tags: string[] = []): ResolvedDeployment {
  return {
    id: `dep_${name}`,
    name,
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:1/v1',
    upstreamModel: 'm',
    weight,
    priority,
    tags,
    prices: { inputMicrosPerMillion: 0, outputMicrosPerMillion: 0, cachedInputMicrosPerMillion: 0 },
    credential: null,
    apiVersion: null,
    timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
    maxConcurrentRequests: null,
  };
}

/** A seeded generator (mulberry32), so the statistics below repeat exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('orderCandidates', () => {
  it('tries every deployment of a better priority before any of a worse one', () => {
    const names = orderCandidates([
      deployment('a', 0),
      deployment('b', 0),
      deployment('c', 1),
      deployment('d', 2),
    ]).map((d) => d.name);
    expect(names.slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(names.slice(2)).toEqual(['c', 'd']);
  });

  it('picks first in proportion to the weights, and keeps weight 0 as a fallback only', () => {
    const random = seeded(7);
    const group = [deployment('heavy', 0, 3), deployment('light', 0, 1), deployment('spare', 0, 0)];
    let heavyFirst = 0;
    for (let i = 0; i < 4000; i += 1) {
      const order = orderCandidates(group, random).map((d) => d.name);
      if (order[0] === 'heavy') heavyFirst += 1;
      expect(order[2]).toBe('spare');
      expect(order).toHaveLength(3);
    }
    expect(heavyFirst / 4000).toBeGreaterThan(0.72);
    expect(heavyFirst / 4000).toBeLessThan(0.78);
  });
});

describe('context windows', () => {
  it('reads a context:<tokens> tag and falls back only to a known larger window', () => {
    const small = deployment('small', 0, 1, ['local', 'context:8192']);
    const large = deployment('large', 1, 1, ['context:128000']);
    const unknown = deployment('unknown', 1);
    expect(contextWindowOf(small)).toBe(8192);
    expect(contextWindowOf(unknown)).toBeUndefined();
    expect(hasLargerContext(large, small)).toBe(true);
    expect(hasLargerContext(small, large)).toBe(false);
    expect(hasLargerContext(unknown, small)).toBe(false);
    expect(hasLargerContext(large, unknown)).toBe(false);
  });
});
