import { formatBucket, formatBucketTick, formatCompact } from '@/lib/usage-format';

// Value formats a server component can name (functions cannot cross into client components).

export type ChartValueFormat = 'count' | 'usd';

/** Axis labels: "1.2K" requests or tokens, "$0.42" / "$1.2K" dollars. */
export function formatAxisValue(value: number, format: ChartValueFormat): string {
  if (format === 'count') return formatCompact(BigInt(Math.round(value)));
  if (value === 0) return '$0';
  // Small spend (demo prices, a quiet hour): enough decimals for two significant digits.
  if (value < 1) return `$${trimZeros(value.toFixed(Math.max(2, 1 - Math.floor(Math.log10(value)))))}`;
  return `$${formatCompact(BigInt(Math.round(value)))}`;
}

/** Tooltip values: exact-looking counts, dollars to the cent (or the tenth of a cent below one). */
export function formatTooltipValue(value: number, format: ChartValueFormat): string {
  if (format === 'count') return Math.round(value).toLocaleString('en-US');
  if (value > 0 && value < 0.01) return `$${value.toFixed(Math.max(4, 1 - Math.floor(Math.log10(value))))}`;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export { formatBucket, formatBucketTick };

/** "0.000030" → "0.00003", keeping at least two decimals ("0.50"). */
function trimZeros(fixed: string): string {
  return fixed.replace(/(\.\d{2}\d*?)0+$/, '$1');
}
