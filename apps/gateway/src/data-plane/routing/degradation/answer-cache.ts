import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../pipeline/request-context';
import type { UpstreamReply } from '../../pipeline/upstream-reply';

/** An answer the cache holds for a request, ready to send in the client's wire format (SSE for a stream request). */
export type CachedAnswer = { reply: UpstreamReply; cacheHit: 'exact' | 'semantic' };

/**
 * What degradation asks of the answer cache (issue 9) when every deployment of a model is down and the tenant's
 * policy says routing.degradation.serveCached: an answer stored for this request (same tenant, model and prompt),
 * stale or not, since a stale answer beats none here. Undefined when there is none, or none fit to send.
 */
export type AnswerCache = {
  findAnswer(context: RequestContext): Promise<CachedAnswer | undefined>;
};

/** The Nest token the answer cache is provided under. */
export const ANSWER_CACHE = Symbol('ANSWER_CACHE');

/**
 * NOT IMPLEMENTED YET: the answer cache comes with issue 9, which binds ANSWER_CACHE to the real cache. Until then
 * serveCached finds nothing and degradation goes on to the fallback model, or the 503.
 */
@Injectable()
export class NoAnswerCache implements AnswerCache {
  findAnswer(): Promise<CachedAnswer | undefined> {
    return Promise.resolve(undefined);
  }
}
