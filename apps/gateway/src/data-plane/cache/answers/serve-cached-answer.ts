import { elapsedMs, type RequestContext, type ServedFromCache } from '../../pipeline/request-context';
import { CACHE_STATUS_HEADER } from '../cache-settings';
import { ageSeconds, type CachedAnswerEntry } from './cached-answer';
import { replayAnswer } from './answer-replay';

/** How a request was served from an answer cache, as its usage event bills it. */
export function servedFrom(
  entry: CachedAnswerEntry,
  kind: ServedFromCache['kind'],
  pricePercent: number,
): ServedFromCache {
  const { usage } = entry.response;
  return {
    kind,
    inputTokens: usage.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    prices: entry.prices,
    pricePercent,
  };
}

/**
 * Answers the request with a cached answer: replayed in its wire format, no deployment, no upstream usage (the
 * answer's own tokens are billed apart, see ServedFromCache). The pipeline ends here. `status` goes in the
 * x-llmguard-cache-status header (`exact`, `semantic`, `coalesced`), the entry's age in `age`, as HTTP caches do.
 */
export function serveCachedAnswer(
  context: RequestContext,
  entry: CachedAnswerEntry,
  served: ServedFromCache,
  status: string,
): void {
  context.cacheHit = served;
  context.deployment = undefined;
  context.usage = {};
  context.usageComplete = true;
  context.upstream = replayAnswer(entry.response, context);
  if (context.stream) context.ttftMs = elapsedMs(context);
  Object.assign((context.responseHeaders ??= {}), {
    [CACHE_STATUS_HEADER]: status,
    age: String(ageSeconds(entry, Date.now())),
  });
}
