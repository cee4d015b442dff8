import { computeCostMicros, type BillableTokens, type TokenPrices } from './compute-cost';

/** The token counts of one usage event that have a price (see usage-event.schema.ts). */
export type PricedTokens = BillableTokens & {
  cacheHitInputTokens?: number;
  cacheHitOutputTokens?: number;
  /** Percent of the full price the cache-served tokens are billed at; absent = nothing was served from a cache. */
  cachePricePercent?: number | null;
};

export type UsageCost = {
  /** Upstream tokens at full price plus cache-served tokens at the policy's percent. */
  costMicros: number;
  /** What the cache-served tokens would have cost at full price, minus what they are billed. */
  cacheSavedCostMicros: number;
};

/**
 * What one request costs at one set of prices. Tokens an upstream produced are billed in full; tokens the gateway's
 * own caches served are billed at `cachePricePercent` of their full price (rounded up, like every cost), and the
 * rest of that full price is the tenant's saving.
 */
export function computeUsageCost(tokens: PricedTokens, prices: TokenPrices): UsageCost {
  const upstream = computeCostMicros(tokens, prices);
  const hitInput = tokens.cacheHitInputTokens ?? 0;
  const hitOutput = tokens.cacheHitOutputTokens ?? 0;
  if (hitInput + hitOutput === 0) return { costMicros: upstream, cacheSavedCostMicros: 0 };
  const fullHit = computeCostMicros(
    { inputTokens: hitInput, outputTokens: hitOutput, cachedInputTokens: 0 },
    prices,
  );
  const percent = tokens.cachePricePercent ?? 100;
  const billedHit = Math.ceil((fullHit * percent) / 100);
  return { costMicros: upstream + billedHit, cacheSavedCostMicros: fullHit - billedHit };
}
