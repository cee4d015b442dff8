import type { RunMetrics } from './gateway-client';

// How the playground's stats bar writes a run's numbers. Token counts here are the gateway's
// per-request usage (JSON numbers, far below 2^53), so plain Number formatting is exact.

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "842 ms" under a second, "1.24 s" under a minute, then "2 min 5 s". */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.max(0, Math.round(milliseconds))} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(2)} s`;
  const seconds = Math.round(milliseconds / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** "1,024". */
export function formatTokenCount(tokens: number): string {
  return integerFormat.format(tokens);
}

/**
 * Output tokens per second while the text streamed (first token to the end), the figure model
 * servers quote; undefined until there is something to divide.
 */
export function outputTokensPerSecond(metrics: RunMetrics): number | undefined {
  const { outputTokens, latencyMs, timeToFirstTokenMs } = metrics;
  if (outputTokens === undefined || latencyMs === undefined || timeToFirstTokenMs === undefined)
    return undefined;
  const streamingMs = latencyMs - timeToFirstTokenMs;
  if (outputTokens < 2 || streamingMs <= 0) return undefined;
  // The first token arrives at TTFT; the rate counts the ones after it.
  return ((outputTokens - 1) * 1000) / streamingMs;
}

/** "27.4 tokens/s". */
export function formatTokensPerSecond(rate: number): string {
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} tokens/s`;
}

/** The finish reason in words. @see https://platform.openai.com/docs/api-reference/chat/object */
export function describeFinishReason(reason: string): string {
  switch (reason) {
    case 'stop':
      return 'Complete';
    case 'length':
      return 'Cut at max tokens';
    case 'content_filter':
      return 'Stopped by a content filter';
    case 'tool_calls':
    case 'function_call':
      return 'Tool call';
    default:
      return reason;
  }
}
