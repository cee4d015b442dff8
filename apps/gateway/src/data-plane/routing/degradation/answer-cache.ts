import type { RequestContext, ServedFromCache } from '../../pipeline/request-context';
import type { UpstreamReply } from '../../pipeline/upstream-reply';

/** An answer the cache holds for a request, ready to send in the client's wire format (SSE for a stream request). */
export type CachedAnswer = { reply: UpstreamReply; served: ServedFromCache };

/**
 * What degradation asks of the answer cache when every deployment of a model is down and the tenant's policy says
 * routing.degradation.serveCached: an answer stored for this request (same tenant, model and prompt), stale or not,
 * since a stale answer beats none here. Undefined when there is none, or none fit to send. Implemented by the exact
 * cache (cache/exact/stale-answer-cache.ts).
 */
export type AnswerCache = {
  findAnswer(context: RequestContext): Promise<CachedAnswer | undefined>;
};

/** The Nest token the answer cache is provided under. */
export const ANSWER_CACHE = Symbol('ANSWER_CACHE');
