/**
 * Token counts of one model call. Every count is `number | undefined`: `undefined` means the
 * provider did not report it, which differs from a reported 0 and lets the meter decide when to
 * count tokens itself.
 */
export type CanonicalUsage = {
  /** Every input token the provider processed, cached and cache-written ones included. */
  inputTokens: number | undefined;
  /** Every output token, reasoning ("thinking") tokens included. */
  outputTokens: number | undefined;
  /** The part of `inputTokens` served from a prompt cache (billed at the cached price). */
  cachedInputTokens: number | undefined;
};

/** Usage with nothing reported yet. */
export function emptyUsage(): CanonicalUsage {
  return { inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined };
}

/**
 * Combines two reports of the same call: a count in `update` replaces the one in `base`, a count
 * `update` does not report keeps the earlier value. Providers report cumulative totals, never
 * increments, so counts are replaced rather than added.
 */
export function mergeUsage(base: CanonicalUsage, update: CanonicalUsage): CanonicalUsage {
  return {
    inputTokens: update.inputTokens ?? base.inputTokens,
    outputTokens: update.outputTokens ?? base.outputTokens,
    cachedInputTokens: update.cachedInputTokens ?? base.cachedInputTokens,
  };
}
