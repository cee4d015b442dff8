import { Inject, Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import type { TenantPolicy } from '../../catalog/policy-catalog';
import type { RequestContext } from '../../pipeline/request-context';
import { ANSWER_CACHE, type AnswerCache, type CachedAnswer } from './answer-cache';

/** Says on the answer that the policy's degradation served it: `fallback-model` or `cached-answer`. */
export const DEGRADED_HEADER = 'x-llmguard-degraded';
/** The model alias that served the request, when it is not the one asked for (degradation, fan-out). */
export const SERVED_MODEL_HEADER = 'x-llmguard-model';

/**
 * The tenant's routing.degradation, for a request whose model has no deployment that can serve it (circuits open,
 * or every attempt failed on the deployments' account): a cached answer to the same request when serveCached is on
 * and the cache holds one, else the declared fallback model, else nothing (the caller's 503 or error stands).
 */
@Injectable()
export class Degradation {
  constructor(@Inject(ANSWER_CACHE) private readonly cache: AnswerCache) {}

  /**
   * True when the request is now served (a cached answer is its upstream reply) or routed to the fallback model:
   * `reroute` routes it again under the fallback alias, with every rule of the policy (data sensitivity included).
   * A request degrades once: when its fallback model cannot serve it either, the original failure stands.
   */
  async degrade(
    context: RequestContext,
    policy: TenantPolicy,
    reroute: () => Promise<void>,
  ): Promise<boolean> {
    const declared = policy.policy.routing?.degradation;
    if (!declared || context.degradation) return false;
    if (declared.serveCached) {
      const answer = await this.cache.findAnswer(context);
      if (answer) {
        serveCachedAnswer(context, answer);
        return true;
      }
    }
    const fallbackModel = declared.fallbackModel;
    if (!fallbackModel || fallbackModel === context.model) return false;
    const requestedModel = context.model;
    context.degradation = { kind: 'fallback-model', requestedModel };
    context.model = fallbackModel;
    try {
      await reroute();
      return true;
    } catch (error) {
      context.model = requestedModel;
      context.degradation = undefined;
      if (error instanceof GatewayError) return false;
      throw error;
    }
  }
}

/** The headers that tell the client how its request was degraded (none when it was not). */
export function degradationHeaders(context: RequestContext): Record<string, string> {
  switch (context.degradation?.kind) {
    case 'fallback-model':
      return { [DEGRADED_HEADER]: 'fallback-model', [SERVED_MODEL_HEADER]: context.model };
    case 'cached-answer':
      return { [DEGRADED_HEADER]: 'cached-answer' };
    default:
      return {};
  }
}

/** A cached answer costs no upstream call: no deployment, nothing metered beyond the cache hit itself. */
function serveCachedAnswer(context: RequestContext, answer: CachedAnswer): void {
  context.degradation = { kind: 'cached-answer', cacheHit: answer.served.kind };
  context.cacheHit = answer.served;
  context.upstream = answer.reply;
  context.deployment = undefined;
  context.usage = {};
  context.usageComplete = true;
  Object.assign((context.responseHeaders ??= {}), degradationHeaders(context));
}
