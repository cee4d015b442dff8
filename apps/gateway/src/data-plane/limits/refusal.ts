import { GatewayError } from '@llmguard/shared';
import { formatDuration } from './rate-limit-headers';
import type { LimitDecision } from './limit-decision';
import { describeCheck, tokensOf, type BudgetCheck, type TokenEstimate } from './limit-plan';

/**
 * The 429 of a refused request, naming the limit hit, its value and when to retry (in OpenAI's wording: "Rate
 * limit reached for … Limit 30000, Remaining 120, Requested 1500. Please try again in 1.2s."). `retry-after` is in
 * whole seconds, rounded up, so a client that honours it is admitted.
 */
export function refusal(
  decision: LimitDecision,
  estimate: TokenEstimate,
  rateLimitHeaders: Record<string, string>,
  now: number,
): GatewayError {
  const refused = decision.refusedBy;
  if (!refused) throw new Error('refusal of an admitted request');
  const { check, index, retryAfter } = refused;
  const name = describeCheck(check);
  const limit = decision.states[index]?.limit ?? (check.kind === 'budget' ? check.capMicros : check.limit);
  const retryIn = (ms: number) => ({
    ...rateLimitHeaders,
    'retry-after': String(Math.max(1, Math.ceil(ms / 1000))),
  });
  if (check.kind === 'budget') {
    const waitMs = untilPeriodEnds(check.period, now);
    return new GatewayError('budget_exceeded', {
      publicMessage: `You have reached ${name} of ${formatUsd(check.capMicros)}. Requests are refused until the ${check.period} ends (in ${formatDuration(waitMs)}) or the cap is raised.`,
      headers: retryIn(waitMs),
    });
  }
  const waitMs = typeof retryAfter === 'number' ? retryAfter : 1_000;
  if (check.kind === 'concurrency') {
    return new GatewayError('rate_limited', {
      publicMessage: `Too many concurrent requests: the limit on ${name} is ${limit}. Retry when one of them has finished.`,
      headers: retryIn(waitMs),
    });
  }
  const requested = tokensOf(check.metric, estimate);
  if (retryAfter === 'never') {
    return new GatewayError('rate_limited', {
      publicMessage: `Request too large for ${name}: it needs ${requested} and the limit is ${limit}. Send a shorter prompt or a lower max_tokens.`,
      headers: rateLimitHeaders,
    });
  }
  const remaining = decision.states[index]?.remaining ?? 0;
  return new GatewayError('rate_limited', {
    publicMessage: `Rate limit reached for ${name}: limit ${limit}, remaining ${remaining}, requested ${requested}. Please try again in ${formatDuration(waitMs)}.`,
    headers: retryIn(waitMs),
  });
}

/** Ms until the UTC day or calendar month of `now` ends. */
function untilPeriodEnds(period: BudgetCheck['period'], now: number): number {
  const date = new Date(now);
  const end =
    period === 'day'
      ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
      : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return end - now;
}

function formatUsd(micros: number): string {
  return `$${(micros / 1_000_000).toFixed(2)}`;
}
