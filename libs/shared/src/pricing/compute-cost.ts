/** Prices in integer micro-units of currency (1 USD = 1,000,000 micros) per one million tokens. */
export type TokenPrices = {
  inputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  cachedInputMicrosPerMillion: number;
};

export type BillableTokens = { inputTokens: number; outputTokens: number; cachedInputTokens: number };

/**
 * Cost of one call in micro-units. Integer arithmetic throughout (BigInt, rounded up once at the
 * end), so sums over millions of events never drift the way floats do. Cached input tokens are a
 * subset of input tokens and are billed at the cached price instead of the input price.
 */
export function computeCostMicros(tokens: BillableTokens, prices: TokenPrices): number {
  const cached = BigInt(Math.min(tokens.cachedInputTokens, tokens.inputTokens));
  const uncached = BigInt(tokens.inputTokens) - cached;
  const numerator =
    uncached * BigInt(prices.inputMicrosPerMillion) +
    cached * BigInt(prices.cachedInputMicrosPerMillion) +
    BigInt(tokens.outputTokens) * BigInt(prices.outputMicrosPerMillion);
  const million = 1_000_000n;
  return Number((numerator + million - 1n) / million);
}
