/**
 * Alert thresholds used when the effective policy lists none (`budgets.alertThresholdsPercent`), for the tenant's
 * caps and for each API key's own budget alike.
 */
export const DEFAULT_THRESHOLDS_PERCENT: readonly number[] = [50, 80, 100];

/** The thresholds (percent of `capMicros`) that `spentMicros` has reached; none when there is no positive cap. */
export function crossedThresholds(
  spentMicros: bigint,
  capMicros: bigint | undefined,
  thresholdsPercent: readonly number[],
): number[] {
  if (capMicros === undefined || capMicros <= 0n) return [];
  return thresholdsPercent.filter((percent) => spentMicros * 100n >= capMicros * BigInt(percent));
}

/** A cap as the policy or key stores it (decimal string or number of micros), as a bigint; undefined when unset. */
export function capMicrosOf(cap: string | number | undefined): bigint | undefined {
  return cap === undefined ? undefined : BigInt(cap);
}
