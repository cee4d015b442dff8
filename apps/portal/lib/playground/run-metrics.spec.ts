import { describe, expect, it } from 'vitest';
import {
  describeFinishReason,
  formatDuration,
  formatTokensPerSecond,
  outputTokensPerSecond,
} from './run-metrics';

describe('formatDuration', () => {
  it('uses ms under a second, seconds under a minute, then minutes', () => {
    expect(formatDuration(842.4)).toBe('842 ms');
    expect(formatDuration(1240)).toBe('1.24 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});

describe('outputTokensPerSecond', () => {
  it('counts the tokens after the first over the time after the first', () => {
    expect(outputTokensPerSecond({ outputTokens: 11, timeToFirstTokenMs: 200, latencyMs: 1200 })).toBe(10);
  });

  it('has no rate without usage or with a single token', () => {
    expect(outputTokensPerSecond({ timeToFirstTokenMs: 200, latencyMs: 1200 })).toBeUndefined();
    expect(
      outputTokensPerSecond({ outputTokens: 1, timeToFirstTokenMs: 200, latencyMs: 1200 }),
    ).toBeUndefined();
    expect(
      outputTokensPerSecond({ outputTokens: 5, timeToFirstTokenMs: 200, latencyMs: 200 }),
    ).toBeUndefined();
  });

  it('formats small rates with one decimal and big ones whole', () => {
    expect(formatTokensPerSecond(27.44)).toBe('27.4 tokens/s');
    expect(formatTokensPerSecond(312.7)).toBe('313 tokens/s');
  });
});

describe('describeFinishReason', () => {
  it('says why the answer ended, passing unknown reasons through', () => {
    expect(describeFinishReason('stop')).toBe('Complete');
    expect(describeFinishReason('length')).toBe('Cut at max tokens');
    expect(describeFinishReason('new_reason')).toBe('new_reason');
  });
});
