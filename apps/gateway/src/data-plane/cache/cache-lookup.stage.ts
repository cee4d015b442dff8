import { Injectable } from '@nestjs/common';
import type { CanonicalChatResponse } from '@llmguard/shared';
import { GatewayMetrics } from '../../observability/gateway-metrics';
import { PolicyCatalog, type TenantPolicy } from '../catalog/policy-catalog';
import { AdmissionControl } from '../limits/admission-control';
import type { RequestContext } from '../pipeline/request-context';
import type { Stage } from '../pipeline/stage';
import { createAnswerRecorder } from './answers/answer-recorder';
import { isServable, type CachedAnswerEntry } from './answers/cached-answer';
import { serveCachedAnswer, servedFrom } from './answers/serve-cached-answer';
import { cacheableRequest, type CacheableRequest } from './cacheable-request';
import { CACHE_STATUS_HEADER, resolveCacheSettings, type RequestCacheSettings } from './cache-settings';
import { Coalescing, type FlightLeader } from './coalescing';
import { ExactAnswerStore } from './exact/exact-answer-store';
import { SemanticAnswerCache } from './semantic/semantic-answer-cache';

// A follower whose leader failed tries again, once as a follower of the next leader at most, then goes alone.
const MAX_BOARDINGS = 3;

/**
 * The answer caches, after routing (the key may use the model) and before admission: an exact hit, then a semantic
 * hit, answers the request at once (admitted against request limits only, see AdmissionControl); a request identical
 * to one already upstream waits for that answer (coalescing); any other cacheable request records its answer, which
 * is stored once complete. Chat answers only (`/v1/chat/completions`, `/v1/messages`); embeddings have their own
 * cache (EmbeddingsStage).
 */
@Injectable()
export class CacheLookupStage implements Stage {
  readonly name = 'cache-lookup';

  constructor(
    private readonly policies: PolicyCatalog,
    private readonly admission: AdmissionControl,
    private readonly exact: ExactAnswerStore,
    private readonly semantic: SemanticAnswerCache,
    private readonly coalescing: Coalescing,
    private readonly metrics: GatewayMetrics,
  ) {}

  async run(context: RequestContext): Promise<void> {
    if (context.endpoint !== 'chat/completions' && context.endpoint !== 'messages') return;
    const tenantId = context.apiKey?.tenantId;
    if (!tenantId) throw new Error('cache-lookup ran before authenticate');
    const policy = this.policies.cached(tenantId) ?? (await this.policies.load(tenantId));
    const settings = resolveCacheSettings(policy.policy.cache, context);
    if (!settings || (!settings.exact && !settings.semantic)) return;
    const request = cacheableRequest(context, settings);
    if (!request) {
      setStatus(context, 'bypass');
      return;
    }
    if (await this.answerFromCache(context, tenantId, policy, settings, request)) return;
    const leader = await this.boardFlight(context, tenantId, policy, settings, request);
    if (context.upstream) return;
    if (settings.exact?.store || settings.semantic?.store) {
      context.answerTap = createAnswerRecorder(context, (response, ended) =>
        this.store(ended, settings, request, response, leader),
      );
    } else leader?.land(undefined);
    setStatus(context, 'miss');
  }

  /** An exact, then a semantic answer; true when one answered the request. */
  private async answerFromCache(
    context: RequestContext,
    tenantId: string,
    policy: TenantPolicy,
    settings: RequestCacheSettings,
    request: CacheableRequest,
  ): Promise<boolean> {
    if (settings.exact?.lookup) {
      const entry = await this.exact.get(tenantId, request.hash);
      const hit = entry && isServable(entry, Date.now(), settings.maxAgeSeconds) ? entry : undefined;
      this.metrics.cacheRequests.inc({ cache: 'exact', result: hit ? 'hit' : 'miss' });
      if (hit) return this.serve(context, policy, settings, hit, 'exact', 'exact');
    }
    if (settings.semantic?.lookup) {
      const entry = await this.semantic.find(context, request, settings.semantic, settings.maxAgeSeconds);
      this.metrics.cacheRequests.inc({ cache: 'semantic', result: entry ? 'hit' : 'miss' });
      if (entry) return this.serve(context, policy, settings, entry, 'semantic', 'semantic');
    }
    return false;
  }

  /**
   * Coalescing, for requests the exact cache may answer and store: the first of identical requests leads (calls
   * upstream), the others wait for its answer and are served it. Undefined when the request does not lead (it was
   * served, or it may not coalesce); when a leader fails its followers board the next flight.
   */
  private async boardFlight(
    context: RequestContext,
    tenantId: string,
    policy: TenantPolicy,
    settings: RequestCacheSettings,
    request: CacheableRequest,
  ): Promise<FlightLeader | undefined> {
    if (!settings.exact?.lookup || !settings.exact.store) return undefined;
    for (let boarding = 0; boarding < MAX_BOARDINGS; boarding += 1) {
      const seat = this.coalescing.board(tenantId, request.hash);
      if ('leader' in seat) return seat.leader;
      const answer = await untilAborted(seat.answer, context.upstreamAbort.signal);
      if (context.upstreamAbort.signal.aborted) throw new Error('the client left while its request waited');
      if (answer) {
        this.metrics.cacheRequests.inc({ cache: 'exact', result: 'coalesced' });
        await this.serve(context, policy, settings, answer, 'exact', 'coalesced');
        return undefined;
      }
    }
    return undefined;
  }

  private async serve(
    context: RequestContext,
    policy: TenantPolicy,
    settings: RequestCacheSettings,
    entry: CachedAnswerEntry,
    kind: 'exact' | 'semantic',
    status: string,
  ): Promise<true> {
    await this.admission.admit(context, policy, { servedFromCache: true });
    const served = servedFrom(entry, kind, settings.pricePercent);
    serveCachedAnswer(context, entry, served, status);
    this.metrics.cacheSavedTokens.inc({ cache: kind }, served.inputTokens + served.outputTokens);
    return true;
  }

  /** A complete answer goes to the exact and semantic caches (and to the followers waiting for it). */
  private store(
    context: RequestContext,
    settings: RequestCacheSettings,
    request: CacheableRequest,
    response: CanonicalChatResponse | undefined,
    leader: FlightLeader | undefined,
  ): void {
    const tenantId = context.apiKey?.tenantId;
    if (!response || !tenantId) {
      leader?.land(undefined);
      return;
    }
    const storedAtMs = Date.now();
    const entryFor = (ttlSeconds: number): CachedAnswerEntry => ({
      v: 1,
      response,
      prices: context.deployment?.prices ?? null,
      storedAtMs,
      freshUntilMs: storedAtMs + ttlSeconds * 1000,
    });
    const exact = settings.exact?.store ? entryFor(settings.exact.ttlSeconds) : undefined;
    // Followers get the answer at once; storing it runs behind (its failures are logged and cost only the hit).
    leader?.land(exact);
    if (exact) void this.exact.put(tenantId, request.hash, exact);
    if (settings.semantic?.store) {
      void this.semantic.store(context, request, settings, entryFor(settings.semantic.ttlSeconds));
    }
  }
}

function setStatus(context: RequestContext, status: 'bypass' | 'miss'): void {
  (context.responseHeaders ??= {})[CACHE_STATUS_HEADER] = status;
}

/** The promise's value, or undefined as soon as the signal aborts (the client left). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
