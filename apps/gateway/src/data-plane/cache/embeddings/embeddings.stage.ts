import { Inject, Injectable } from '@nestjs/common';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../../config';
import { GatewayMetrics } from '../../../observability/gateway-metrics';
import { RequestObserver } from '../../../observability/request-observer';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import type { RequestContext } from '../../pipeline/request-context';
import type { Stage } from '../../pipeline/stage';
import { CACHE_STATUS_HEADER, resolveCacheSettings, type CacheUse } from '../cache-settings';
import { EmbeddingBatcher, type EmbeddedTexts } from './embedding-batcher';
import { EmbeddingVectorStore, type CachedVector, type VectorSpace } from './embedding-vector-store';
import { readEmbeddingsRequest, renderEmbeddings, type EmbeddingsRequest } from './embeddings-request';

/**
 * `/v1/embeddings` with the embedding cache and dynamic batching, after admission: each input's vector is looked up
 * by hash (tenant, upstream model, dimensions, text), only the inputs without one are sent upstream (each distinct
 * text once, gathered with other requests' inputs by the batcher) and the answer is put together in input order.
 * The request is metered on what went upstream; the inputs the cache served are billed apart, per the policy's
 * hitPricePercent. Requests the stage cannot handle (token inputs, fields it does not know, a deployment that is not
 * OpenAI-compatible), and any whose batch failed, go upstream the ordinary way (call-provider: retries, fallbacks).
 */
@Injectable()
export class EmbeddingsStage implements Stage {
  readonly name = 'embeddings';
  private readonly batching: boolean;

  constructor(
    private readonly policies: PolicyCatalog,
    private readonly vectors: EmbeddingVectorStore,
    private readonly batcher: EmbeddingBatcher,
    private readonly observer: RequestObserver,
    private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.batching = env.EMBEDDING_BATCH_WINDOW_MS > 0;
  }

  async run(context: RequestContext): Promise<void> {
    if (context.endpoint !== 'embeddings') return;
    const deployment = context.candidates[0];
    const tenantId = context.apiKey?.tenantId;
    if (!deployment || deployment.provider !== 'openai' || !tenantId) return;
    const request = readEmbeddingsRequest(context.body);
    if (!request) return;
    const policy = this.policies.cached(tenantId) ?? (await this.policies.load(tenantId));
    const settings = resolveCacheSettings(policy.policy.cache, context);
    const cache = settings?.embeddings ?? null;
    if (!cache && !this.batching) return;
    const space: VectorSpace = {
      tenantId,
      upstreamModel: deployment.upstreamModel,
      dimensions: request.dimensions,
    };
    const texts = [...new Set(request.inputs)];
    const found = await this.lookup(space, texts, cache);
    const missing = texts.filter((_, index) => !found[index]);
    const embedded = missing.length > 0 ? await this.embed(context, deployment, missing, request) : undefined;
    if (missing.length > 0 && !embedded) return;
    const byText = new Map<string, CachedVector>();
    texts.forEach((text, index) => {
      const vector = found[index];
      if (vector) byText.set(text, vector);
    });
    missing.forEach((text, index) => {
      const vector = embedded?.vectors[index];
      if (vector) byText.set(text, { vector, tokens: embedded?.tokensPerText[index] ?? 0 });
    });
    if (cache?.store && embedded) {
      const entries = missing.flatMap((text) => {
        const cached = byText.get(text);
        return cached ? [{ text, cached }] : [];
      });
      void this.vectors.putMany(space, entries, cache.ttlSeconds);
    }
    this.answer(context, request, byText, embedded, deployment, cache ? (settings?.pricePercent ?? 0) : 100);
  }

  private async lookup(
    space: VectorSpace,
    texts: readonly string[],
    cache: CacheUse | null,
  ): Promise<(CachedVector | undefined)[]> {
    if (!cache?.lookup) return texts.map(() => undefined);
    const found = await this.vectors.getMany(space, texts);
    const hits = found.filter(Boolean).length;
    if (hits > 0) this.metrics.cacheRequests.inc({ cache: 'embedding', result: 'hit' }, hits);
    if (hits < texts.length)
      this.metrics.cacheRequests.inc({ cache: 'embedding', result: 'miss' }, texts.length - hits);
    return found;
  }

  /** The missing texts' vectors through the batcher; undefined when the call failed (the ordinary path retries). */
  private async embed(
    context: RequestContext,
    deployment: ResolvedDeployment,
    texts: readonly string[],
    request: EmbeddingsRequest,
  ): Promise<EmbeddedTexts | undefined> {
    const startedMs = performance.now();
    context.attempts += 1;
    try {
      return await this.batcher.embed(deployment, texts, request.dimensions, (call) =>
        this.observer.upstreamCall(context, deployment, call),
      );
    } catch (error) {
      if (context.upstreamAbort.signal.aborted) throw error;
      return undefined;
    } finally {
      context.upstreamMs += performance.now() - startedMs;
    }
  }

  /**
   * The OpenAI answer, in input order. A repeated input, or one the cache held, was not sent upstream: its tokens
   * are billed as cache-served; the rest were sent and are the request's upstream usage.
   */
  private answer(
    context: RequestContext,
    request: EmbeddingsRequest,
    byText: ReadonlyMap<string, CachedVector>,
    embedded: EmbeddedTexts | undefined,
    deployment: ResolvedDeployment,
    pricePercent: number,
  ): void {
    const vectors: Float32Array[] = [];
    let allTokens = 0;
    for (const text of request.inputs) {
      const cached = byText.get(text);
      if (!cached) throw new Error('an embeddings input was left without a vector');
      vectors.push(cached.vector);
      allTokens += cached.tokens;
    }
    const upstreamTokens = embedded ? embedded.tokensPerText.reduce((sum, tokens) => sum + tokens, 0) : 0;
    const servedTokens = allTokens - upstreamTokens;
    context.usage = { inputTokens: upstreamTokens, outputTokens: 0, cachedInputTokens: 0 };
    // Without the upstream's own count, the tokens are our tokenizer's: the usage event says so.
    context.usageComplete = !embedded || embedded.promptTokens !== undefined;
    if (!embedded) context.deployment = undefined;
    if (servedTokens > 0) {
      context.cacheHit = {
        kind: 'exact',
        inputTokens: servedTokens,
        outputTokens: 0,
        prices: deployment.prices,
        pricePercent,
      };
      this.metrics.cacheSavedTokens.inc({ cache: 'embedding' }, servedTokens);
    }
    const headers = (context.responseHeaders ??= {});
    headers[CACHE_STATUS_HEADER] = !embedded ? 'exact' : servedTokens > 0 ? 'partial' : 'miss';
    if (embedded) headers['x-llmguard-deployment'] = deployment.name;
    const body = renderEmbeddings(vectors, {
      model: context.model,
      encodingFormat: request.encodingFormat,
      promptTokens: allTokens,
    });
    context.upstream = {
      kind: 'json',
      status: 200,
      body: Buffer.from(JSON.stringify(body)),
      headers: { 'content-type': 'application/json' },
    };
  }
}
