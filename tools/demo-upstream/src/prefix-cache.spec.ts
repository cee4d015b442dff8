import { describe, expect, it } from 'vitest';
import { emptyPrefixCacheStats, PrefixCache, prefillMs } from './prefix-cache.js';

const tokens = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('PrefixCache', () => {
  it('caches the longest run of leading full blocks seen before', () => {
    const stats = emptyPrefixCacheStats();
    const cache = new PrefixCache({ blockTokens: 4, capacityBlocks: 100 }, stats);
    const system = tokens(1000, 10); // 2 full blocks + 2 tokens
    expect(cache.admit([...system, 1, 2, 3])).toEqual({ promptTokens: 13, cachedTokens: 0 });
    // Same 10 system tokens, another question: the 2 full blocks of the system part are cached, and the third
    // block (system tail + question) differs.
    expect(cache.admit([...system, 7, 8, 9])).toEqual({ promptTokens: 13, cachedTokens: 8 });
    // A change in the first block invalidates everything after it, as a KV cache would.
    expect(cache.admit([0, ...system.slice(1), 1, 2, 3]).cachedTokens).toBe(0);
    expect(stats).toMatchObject({ requests: 3, hits: 1, promptTokens: 39, cachedTokens: 8 });
  });

  it('evicts the least recently used blocks beyond its capacity', () => {
    const stats = emptyPrefixCacheStats();
    const cache = new PrefixCache({ blockTokens: 2, capacityBlocks: 4 }, stats);
    const a = tokens(0, 4);
    const b = tokens(100, 4);
    const c = tokens(200, 4);
    cache.admit(a);
    cache.admit(b);
    cache.admit(a); // a is now the most recent
    expect(cache.admit(c).cachedTokens).toBe(0); // evicts b's 2 blocks
    expect(cache.admit(a).cachedTokens).toBe(4);
    expect(cache.admit(b).cachedTokens).toBe(0);
    expect(stats.blocks).toBe(4);
    expect(stats.evictions).toBeGreaterThanOrEqual(2);
    cache.clear();
    expect(cache.admit(a).cachedTokens).toBe(0);
  });

  it('charges prefill for the uncached tokens only', () => {
    expect(prefillMs({ promptTokens: 2000, cachedTokens: 1600 }, 0.5)).toBe(200);
  });
});
