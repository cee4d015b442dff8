import type { UsageGranularity, UsagePoint, UsageTotals } from '@llmguard/shared';

const BUCKET_MS: Readonly<Record<UsageGranularity, number>> = { hour: 3_600_000, day: 86_400_000 };

/** Sums of one bucket (or group) as the repository reads them: every counter as decimal text, exact. */
export type UsageSums = {
  requests: string;
  errors: string;
  cacheHits: string;
  inputTokens: string;
  outputTokens: string;
  cachedInputTokens: string;
  costMicros: string;
  cacheSavedTokens: string;
  cacheSavedCostMicros: string;
  latencyMsSum: string;
};

/** Start of the UTC hour or day holding an instant (UTC has no DST, so every day is 24 hours). */
export function bucketStartOf(instant: Date, granularity: UsageGranularity): Date {
  const size = BUCKET_MS[granularity];
  return new Date(Math.floor(instant.getTime() / size) * size);
}

/** Every bucket start from the one holding `from` up to, not including, `to`. */
export function bucketStarts(from: Date, to: Date, granularity: UsageGranularity): Date[] {
  const starts: Date[] = [];
  for (let at = bucketStartOf(from, granularity).getTime(); at < to.getTime(); at += BUCKET_MS[granularity]) {
    starts.push(new Date(at));
  }
  return starts;
}

export const ZERO_SUMS: UsageSums = {
  requests: '0',
  errors: '0',
  cacheHits: '0',
  inputTokens: '0',
  outputTokens: '0',
  cachedInputTokens: '0',
  costMicros: '0',
  cacheSavedTokens: '0',
  cacheSavedCostMicros: '0',
  latencyMsSum: '0',
};

/** The API view of sums: counts as numbers, tokens and micros as decimal strings, the mean latency rounded. */
export function toUsageTotals(sums: UsageSums): UsageTotals {
  const requests = Number(sums.requests);
  return {
    requests,
    errors: Number(sums.errors),
    cacheHits: Number(sums.cacheHits),
    inputTokens: sums.inputTokens,
    outputTokens: sums.outputTokens,
    cachedInputTokens: sums.cachedInputTokens,
    costMicros: sums.costMicros,
    cacheSavedTokens: sums.cacheSavedTokens,
    cacheSavedCostMicros: sums.cacheSavedCostMicros,
    latencyMsMean: requests > 0 ? Math.round(Number(sums.latencyMsSum) / requests) : null,
  };
}

/** One point per bucket, in order; a bucket without a row is all zero, so a chart has no gaps. */
export function fillBuckets(
  starts: readonly Date[],
  sumsByBucket: ReadonlyMap<number, UsageSums>,
): UsagePoint[] {
  return starts.map((start) => ({
    bucketStart: start.toISOString(),
    ...toUsageTotals(sumsByBucket.get(start.getTime()) ?? ZERO_SUMS),
  }));
}
