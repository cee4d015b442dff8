import { Injectable } from '@nestjs/common';
import {
  computeUsageCost,
  countTextTokens,
  type BillableTokens,
  type PricedTokens,
  type UsageEvent,
} from '@llmguard/shared';
import { UsageStreamPublisher } from '../../../usage/usage-stream.publisher';
import { CapacityGate } from '../../capacity/capacity-gate';
import { AdmissionControl } from '../../limits/admission-control';
import { decodeEscapedText } from '../../passthrough/passthrough-adapter';
import { elapsedMs, promptTokensOf, type RequestContext, type ServedFromCache } from '../request-context';

/**
 * Runs once per authenticated request, whatever happened (completed, client gone, upstream failed): turns what
 * was metered into one usage event, appends it to the usage stream, and settles the request's token
 * reservations and concurrency leases with the same token counts.
 */
@Injectable()
export class SettleStage {
  constructor(
    private readonly usage: UsageStreamPublisher,
    private readonly admission: AdmissionControl,
    private readonly capacity: CapacityGate,
  ) {}

  /** Returns the usage event it published (none for a request that never authenticated). */
  run(context: RequestContext): UsageEvent | undefined {
    this.capacity.release(context);
    // A fan-out request's calls are metered and settled one by one, each as its own event.
    if (context.fanOutCalls) return;
    const event = toUsageEvent(context);
    if (!event) return undefined;
    this.usage.publish(event);
    this.admission.settle(context, { input: event.inputTokens, output: event.outputTokens });
    return event;
  }

  /** Frees what a call held without metering it: a fan-out call cancelled before any answer (nothing to bill). */
  release(context: RequestContext): void {
    this.capacity.release(context);
    this.admission.settle(context, { input: 0, output: 0 });
  }
}

export function toUsageEvent(context: RequestContext): UsageEvent | undefined {
  const key = context.apiKey;
  if (!key) return undefined;
  const deployment = context.deployment;
  const estimated = needsEstimate(context);
  const tokens = estimated
    ? estimateTokens(context)
    : {
        inputTokens: context.usage.inputTokens ?? 0,
        outputTokens: context.usage.outputTokens ?? 0,
        cachedInputTokens: context.usage.cachedInputTokens ?? 0,
      };
  const served = context.cacheHit;
  // Upstream tokens at the deployment's prices; what a cache served at the prices of the deployment that made it.
  const prices = deployment?.prices ?? served?.prices;
  const cost = prices ? computeUsageCost(served ? withServed(tokens, served) : tokens, prices) : undefined;
  return {
    v: 2,
    requestId: context.requestId,
    tenantId: key.tenantId,
    apiKeyId: key.id,
    endUser: context.endUser,
    model: context.model.slice(0, 256),
    degradedFrom:
      context.degradation?.kind === 'fallback-model'
        ? context.degradation.requestedModel.slice(0, 256)
        : null,
    deploymentId: deployment?.id ?? null,
    // The A/B variant: which deployment of which route answered, under its name of the moment.
    routeId: deployment?.routeId ?? null,
    variant: deployment?.name ?? null,
    provider: deployment?.provider ?? null,
    ...tokens,
    tokenSource: estimated ? 'estimated' : 'upstream',
    costMicros: cost?.costMicros ?? 0,
    latencyMs: elapsedMs(context),
    ttftMs: context.ttftMs ?? null,
    status: context.status,
    outcome: context.outcome,
    cacheHit: served && !context.deployment ? served.kind : 'none',
    ...(served ? cacheFieldsOf(served, cost?.cacheSavedCostMicros ?? 0) : undefined),
    stream: context.stream,
    occurredAt: context.receivedAt.toISOString(),
    ...(context.guardrails ? { guardrails: context.guardrails } : {}),
  };
}

/** The tokens a cache served, billed apart from the upstream's (see ServedFromCache). */
function withServed(tokens: BillableTokens, served: ServedFromCache): PricedTokens {
  return {
    ...tokens,
    cacheHitInputTokens: served.inputTokens,
    cacheHitOutputTokens: served.outputTokens,
    cachePricePercent: served.pricePercent,
  };
}

function cacheFieldsOf(served: ServedFromCache, cacheSavedCostMicros: number) {
  return {
    cacheHitInputTokens: served.inputTokens,
    cacheHitOutputTokens: served.outputTokens,
    cachePricePercent: served.pricePercent,
    cacheSavedCostMicros,
  };
}

/**
 * The upstream produced output but its final usage never reached us: a stream the client left, an
 * upstream that died mid-stream, or a server that reports no usage. Errors answered before any
 * output cost nothing and are not estimated.
 */
function needsEstimate(context: RequestContext): boolean {
  const upstream = context.upstream;
  if (!upstream || context.usageComplete) return false;
  return upstream.kind === 'stream' || upstream.status < 400;
}

/** Counts with our tokenizer, never below what the upstream already reported. */
function estimateTokens(context: RequestContext) {
  const counted = countTextTokens(context.outputText.join('') + decodeEscapedText(context.outputTextEscaped));
  return {
    inputTokens: context.usage.inputTokens ?? promptTokensOf(context),
    outputTokens: Math.max(context.usage.outputTokens ?? 0, counted),
    cachedInputTokens: context.usage.cachedInputTokens ?? 0,
  };
}
