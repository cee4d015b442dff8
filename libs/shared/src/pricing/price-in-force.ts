import type { UsageEvent } from '../usage';
import type { TokenPrices } from './compute-cost';
import { computeUsageCost } from './usage-cost';

/** One row of the versioned price list (`model_prices`): platform-wide when tenantId is null. */
export type VersionedModelPrice = {
  id: string;
  /** Null = platform price; set = that tenant's negotiated price. */
  tenantId: string | null;
  /** Model alias, as in the usage event. */
  model: string;
  effectiveFrom: Date;
  prices: TokenPrices;
};

/** Which prices an event was billed at (stored in `usage_events.price_source`). */
export type PriceSource = 'tenant_price' | 'deployment' | 'platform_price' | 'none';

export type ResolvedUsageCost = {
  costMicros: number;
  /** What the tokens served from the gateway's caches would have cost at full price, minus what they are billed. */
  cacheSavedCostMicros: number;
  priceSource: PriceSource;
  modelPriceId: string | null;
};

/**
 * The row in force for one tenant (or the platform, tenantId null) and model at a moment: the latest
 * effective_from at or before it. Rows of other tenants and models are ignored, so callers can pass
 * every candidate loaded for a batch.
 */
export function priceInForce(
  candidates: readonly VersionedModelPrice[],
  target: { tenantId: string | null; model: string; at: Date },
): VersionedModelPrice | undefined {
  let best: VersionedModelPrice | undefined;
  for (const row of candidates) {
    if (row.tenantId !== target.tenantId || row.model !== target.model) continue;
    if (row.effectiveFrom.getTime() > target.at.getTime()) continue;
    if (!best || row.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = row;
  }
  return best;
}

/**
 * What one usage event costs, in this order:
 * 1. the tenant's negotiated price in force at the event's time: a contract beats list prices, so it
 *    wins even over the deployment's price;
 * 2. the deployment's price, as the gateway already computed it into the event;
 * 3. the platform price in force, when the event has no deployment price;
 * 4. otherwise the event's own cost (`none`).
 * An event has no deployment price when no deployment was called, or when the deployment's prices
 * are all zero (an unpriced self-hosted model): a zero cost for billable tokens. A cached answer calls no
 * deployment, but the gateway prices it with the prices of the deployment that made the answer.
 * Tokens served from the gateway's caches are billed at the event's cachePricePercent whichever price applies.
 */
export function resolveUsageCost(
  event: UsageEvent,
  candidates: readonly VersionedModelPrice[],
): ResolvedUsageCost {
  const at = new Date(event.occurredAt);
  const tenantPrice = priceInForce(candidates, { tenantId: event.tenantId, model: event.model, at });
  if (tenantPrice) return priced(event, tenantPrice, 'tenant_price');
  if (hasDeploymentPrice(event)) return asEventSays(event, 'deployment');
  const platformPrice = priceInForce(candidates, { tenantId: null, model: event.model, at });
  if (platformPrice) return priced(event, platformPrice, 'platform_price');
  return asEventSays(event, 'none');
}

function hasDeploymentPrice(event: UsageEvent): boolean {
  const cacheServed = (event.cacheHitInputTokens ?? 0) + (event.cacheHitOutputTokens ?? 0);
  if (event.deploymentId === null && cacheServed === 0) return false;
  const billable = event.inputTokens + event.outputTokens + cacheServed > 0;
  return event.costMicros + (event.cacheSavedCostMicros ?? 0) > 0 || !billable;
}

function asEventSays(event: UsageEvent, priceSource: PriceSource): ResolvedUsageCost {
  return {
    costMicros: event.costMicros,
    cacheSavedCostMicros: event.cacheSavedCostMicros ?? 0,
    priceSource,
    modelPriceId: null,
  };
}

function priced(event: UsageEvent, row: VersionedModelPrice, priceSource: PriceSource): ResolvedUsageCost {
  return { ...computeUsageCost(event, row.prices), priceSource, modelPriceId: row.id };
}
