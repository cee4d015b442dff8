// Usage numbers as the console shows them. Token counts and micros arrive as decimal strings that
// may exceed 2^53, so sums and labels use BigInt; only chart heights become (approximate) numbers.

const MICROS_PER_USD = 1_000_000n;
const integerFormat = new Intl.NumberFormat('en-US');

/** "1,234,567" for a count or a decimal string of any size. */
export function formatInteger(value: number | string | bigint): string {
  return integerFormat.format(BigInt(value));
}

/**
 * "$12.35" from USD micros, rounded half up to the cent; "$0.0042" below a cent so small spend is
 * not shown as zero; "$0.00" for nothing.
 */
export function formatUsd(micros: string | bigint): string {
  const value = BigInt(micros);
  if (value > 0n && value < 10_000n) {
    // Four decimals, rounded half up; never "$0.0000" for a positive amount.
    const tenThousandths = (value + 50n) / 100n;
    return tenThousandths === 0n ? '<$0.0001' : `$0.${tenThousandths.toString().padStart(4, '0')}`;
  }
  const cents = (value + 5_000n) / 10_000n;
  const dollars = cents / 100n;
  return `$${integerFormat.format(dollars)}.${(cents % 100n).toString().padStart(2, '0')}`;
}

const COMPACT_UNITS: readonly [bigint, string][] = [
  [1_000_000_000_000n, 'T'],
  [1_000_000_000n, 'B'],
  [1_000_000n, 'M'],
  [1_000n, 'K'],
];

/** "950", "1.2K", "3.4M", "12B": one decimal below 100 of a unit, truncated (never rounds up to a unit). */
export function formatCompact(value: number | string | bigint): string {
  const amount = BigInt(value);
  for (const [size, unit] of COMPACT_UNITS) {
    if (amount >= size) {
      const tenths = (amount * 10n) / size;
      const whole = tenths / 10n;
      return whole >= 100n || tenths % 10n === 0n ? `${whole}${unit}` : `${whole}.${tenths % 10n}${unit}`;
    }
  }
  return amount.toString();
}

/** "2.5%" of errors among requests; "—" without requests. */
export function formatErrorRate(errors: number, requests: number): string {
  if (requests === 0) return '—';
  const percent = (errors * 100) / requests;
  if (errors > 0 && percent < 0.1) return '<0.1%';
  return `${percent.toFixed(percent >= 10 || Number.isInteger(percent) ? 0 : 1)}%`;
}

/** "850 ms", "1.25 s"; "—" when unknown. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(2)} s`;
}

/** USD micros as a number of dollars, for chart heights only (may lose precision beyond 2^53). */
export function microsToUsdNumber(micros: string | bigint): number {
  return Number(BigInt(micros)) / Number(MICROS_PER_USD);
}

/** "Mar 5" for a day bucket, "Mar 5, 14:00" for an hour bucket (UTC, like the buckets). */
export function formatBucket(iso: string, granularity: 'hour' | 'day'): string {
  const date = new Date(iso);
  const day = DAY_LABEL.format(date);
  return granularity === 'day' ? day : `${day}, ${iso.slice(11, 16)}`;
}

/** "14:00" for an hour bucket, "Mar 5" for a day bucket: the short axis label. */
export function formatBucketTick(iso: string, granularity: 'hour' | 'day'): string {
  return granularity === 'hour' ? iso.slice(11, 16) : DAY_LABEL.format(new Date(iso));
}

const DAY_LABEL = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
