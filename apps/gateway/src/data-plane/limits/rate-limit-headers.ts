import type { WireFormat } from '../pipeline/request-context';
import type { LimitCheck, RateCheck } from './limit-plan';
import type { CheckState } from './limit-decision';

// The rate-limit headers clients already read: OpenAI's x-ratelimit-* (reset as a duration such as "6m0s") and
// Anthropic's anthropic-ratelimit-* (reset as an RFC 3339 time). Each reports the bucket of its metric with the
// least left, whatever its scope or window: the one the client will hit first.
// @see https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers
// @see https://docs.anthropic.com/en/api/rate-limits#response-headers

type HeaderMetric = { metric: RateCheck['metric']; openai?: string; anthropic: string };

const HEADER_METRICS: readonly HeaderMetric[] = [
  { metric: 'requests', openai: 'requests', anthropic: 'requests' },
  { metric: 'tokens', openai: 'tokens', anthropic: 'tokens' },
  { metric: 'input_tokens', anthropic: 'input-tokens' },
  { metric: 'output_tokens', anthropic: 'output-tokens' },
];

export function rateLimitHeaders(
  wire: WireFormat,
  checks: readonly LimitCheck[],
  states: readonly CheckState[],
  now: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { metric, openai, anthropic } of HEADER_METRICS) {
    const tightest = tightestOf(metric, checks, states);
    if (!tightest) continue;
    const { check, state } = tightest;
    if (wire === 'anthropic') {
      headers[`anthropic-ratelimit-${anthropic}-limit`] = String(state.limit ?? check.limit);
      headers[`anthropic-ratelimit-${anthropic}-remaining`] = String(state.remaining);
      headers[`anthropic-ratelimit-${anthropic}-reset`] = new Date(now + state.resetMs)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z');
    } else if (openai) {
      headers[`x-ratelimit-limit-${openai}`] = String(state.limit ?? check.limit);
      headers[`x-ratelimit-remaining-${openai}`] = String(state.remaining);
      headers[`x-ratelimit-reset-${openai}`] = formatDuration(state.resetMs);
    }
  }
  return headers;
}

function tightestOf(
  metric: RateCheck['metric'],
  checks: readonly LimitCheck[],
  states: readonly CheckState[],
): { check: RateCheck; state: CheckState } | undefined {
  let best: { check: RateCheck; state: CheckState } | undefined;
  checks.forEach((check, index) => {
    const state = states[index];
    if (check.kind !== 'rate' || check.metric !== metric || !state) return;
    if (!best || state.remaining < best.state.remaining) best = { check, state };
  });
  return best;
}

/** OpenAI's reset format, Go-style durations: "20ms", "1s", "1.5s", "6m0s", "1h2m3s". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = (total % 60_000) / 1_000;
  const secondsText = `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
