import { Injectable } from '@nestjs/common';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import type { RequestContext } from '../../pipeline/request-context';
import type { AnswerCache, CachedAnswer } from '../../routing/degradation/answer-cache';
import { replayAnswer } from '../answers/answer-replay';
import { servedFrom } from '../answers/serve-cached-answer';
import { cacheableRequest } from '../cacheable-request';
import { ageSeconds } from '../answers/cached-answer';
import { CACHE_DEFAULTS, CACHE_STATUS_HEADER } from '../cache-settings';
import { ExactAnswerStore } from './exact-answer-store';

/**
 * The answer cache degradation asks when every deployment of a model is down (routing.degradation.serveCached): the
 * exact cache's answer to the same request, fresh or stale (entries are kept CACHE_STALE_SECONDS past their TTL for
 * this), since an old answer beats none here. Requests that could never have been cached find nothing.
 */
@Injectable()
export class StaleAnswerCache implements AnswerCache {
  constructor(
    private readonly policies: PolicyCatalog,
    private readonly exact: ExactAnswerStore,
  ) {}

  async findAnswer(context: RequestContext): Promise<CachedAnswer | undefined> {
    const tenantId = context.apiKey?.tenantId;
    if (!tenantId) return undefined;
    const policy = this.policies.cached(tenantId) ?? (await this.policies.load(tenantId));
    const cache = policy.policy.cache;
    const request = cacheableRequest(context, {
      maxTemperature: cache?.eligibility?.maxTemperature ?? CACHE_DEFAULTS.maxTemperature,
      allowTools: cache?.eligibility?.allowTools === true,
    });
    if (!request) return undefined;
    const entry = await this.exact.get(tenantId, request.hash);
    if (!entry) return undefined;
    const pricePercent = cache?.hitPricePercent ?? CACHE_DEFAULTS.hitPricePercent;
    // Degradation serves what it finds: the answer says how old it is, and whether it was past its TTL.
    const nowMs = Date.now();
    Object.assign((context.responseHeaders ??= {}), {
      [CACHE_STATUS_HEADER]: entry.freshUntilMs > nowMs ? 'exact' : 'stale',
      age: String(ageSeconds(entry, nowMs)),
    });
    return { reply: replayAnswer(entry.response, context), served: servedFrom(entry, 'exact', pricePercent) };
  }
}
