import type { UsageTotals } from '@llmguard/shared';
import { MetricCard } from '@/components/ui/metric-card';
import { formatCompact, formatInteger, formatUsd } from '@/lib/usage-format';

/**
 * What the gateway's caches saved over the range: the cost not billed (full price minus the policy's hit price), the
 * tokens answered from the cache instead of an upstream, and the requests the cache answered.
 */
export function CacheSavingsCard({ totals }: { totals: UsageTotals }) {
  return (
    <MetricCard
      label="Saved by caching"
      value={formatUsd(totals.cacheSavedCostMicros)}
      title={`${formatInteger(totals.cacheSavedTokens)} tokens served from the cache`}
      detail={`${formatCompact(totals.cacheSavedTokens)} tokens · ${formatInteger(totals.cacheHits)} hits`}
    />
  );
}
