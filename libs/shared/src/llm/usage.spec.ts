import { describe, expect, it } from 'vitest';
import { emptyUsage, mergeUsage } from './usage';

describe('canonical usage', () => {
  it('starts with nothing reported, which differs from zero', () => {
    expect(emptyUsage()).toEqual({
      inputTokens: undefined,
      outputTokens: undefined,
      cachedInputTokens: undefined,
    });
  });

  it('replaces counts a later report gives and keeps the ones it does not', () => {
    const start = { inputTokens: 1822, outputTokens: 1, cachedInputTokens: 1800 };
    const delta = { inputTokens: undefined, outputTokens: 30, cachedInputTokens: undefined };
    expect(mergeUsage(start, delta)).toEqual({
      inputTokens: 1822,
      outputTokens: 30,
      cachedInputTokens: 1800,
    });
  });

  it('keeps a reported 0', () => {
    expect(
      mergeUsage(
        { inputTokens: 5, outputTokens: 5, cachedInputTokens: 5 },
        { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
      ),
    ).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
    });
  });
});
