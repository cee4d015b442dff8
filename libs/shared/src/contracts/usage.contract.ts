import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';

/** Bucket size of a usage time series; buckets start at UTC hour or UTC midnight. */
export const usageGranularitySchema = z.enum(['hour', 'day']);

/** Splits a time series into one series per model alias or per API key. */
export const usageGroupBySchema = z.enum(['model', 'apiKey']);

/** Longest range a series may cover, per granularity (keeps a chart at a few hundred points per series). */
export const USAGE_RANGE_DAYS_MAX: Readonly<Record<UsageGranularity, number>> = { hour: 14, day: 92 };

/** Longest range of the summary endpoint. */
export const USAGE_SUMMARY_RANGE_DAYS_MAX = 92;

/** Grouped series beyond this many (by cost, then requests) are summed into `rest`. */
export const USAGE_SERIES_MAX = 20;

/** Entries in each top list of the summary. */
export const USAGE_TOP_MAX = 10;

const DAY_MS = 86_400_000;

/** A non-negative integer that may exceed 2^53 (token counts and micros are BigInt in Postgres), in decimal. */
export const decimalStringSchema = z.string().regex(/^[0-9]+$/, 'must be a non-negative decimal integer');

const filterText = z.string().min(1).max(256);

/** Usage counters of one bucket, one group or a whole range. */
export const usageTotalsSchema = z.object({
  requests: z.number().int().nonnegative(),
  /** Requests whose outcome was not `success` (client errors included; the SLA counts only server-side ones). */
  errors: z.number().int().nonnegative(),
  /** Requests answered from the exact or semantic cache. */
  cacheHits: z.number().int().nonnegative(),
  inputTokens: decimalStringSchema,
  outputTokens: decimalStringSchema,
  /** Subset of inputTokens served from the provider's prompt cache. */
  cachedInputTokens: decimalStringSchema,
  /** USD micros (1 USD = 1,000,000). */
  costMicros: decimalStringSchema,
  /**
   * Tokens the gateway's own caches served instead of an upstream (cached answers, cached embedding inputs); not part
   * of inputTokens/outputTokens, which count what upstreams processed.
   */
  cacheSavedTokens: decimalStringSchema,
  /** What the cache-served tokens would have cost at full price minus what they were billed, USD micros. */
  cacheSavedCostMicros: decimalStringSchema,
  /** Mean end-to-end latency in whole milliseconds; null without requests. */
  latencyMsMean: z.number().int().nonnegative().nullable(),
});

export const usagePointSchema = usageTotalsSchema.extend({
  /** Start of the UTC hour or day. */
  bucketStart: isoDateTimeSchema,
});

export const usageSeriesSchema = z.object({
  /** The model alias or API key id of this series; null for the ungrouped total. */
  key: z.string().nullable(),
  /** The key's name when grouped by API key (null if the key no longer exists), else null. */
  name: z.string().nullable(),
  /** One point per bucket of the range, empty buckets included (all zero). */
  points: z.array(usagePointSchema),
});

/** The time range and filters shared by the series and the summary. */
const rangeShape = {
  /** Inclusive; rounded down to the start of its bucket (UTC). */
  from: isoDateTimeSchema,
  /** Exclusive. */
  to: isoDateTimeSchema,
  /** Only this model alias. */
  model: filterText.optional(),
  /** Only this API key. */
  apiKeyId: filterText.optional(),
};

/** What is wrong with a half-open range `from`–`to` longer than `daysMax` days or not forward, at which field. */
export function timeRangeIssue(
  from: string,
  to: string,
  daysMax: number,
): { message: string; path: string[] } | undefined {
  const span = Date.parse(to) - Date.parse(from);
  if (span <= 0) return { message: 'must be before "to"', path: ['from'] };
  if (span > daysMax * DAY_MS)
    return { message: `must be at most ${daysMax} days after "from"`, path: ['to'] };
  return undefined;
}

export const usageSeriesQuerySchema = z
  .strictObject({
    ...rangeShape,
    granularity: usageGranularitySchema.default('day'),
    groupBy: usageGroupBySchema.optional(),
  })
  .superRefine((query, context) => {
    const issue = timeRangeIssue(query.from, query.to, USAGE_RANGE_DAYS_MAX[query.granularity]);
    if (issue) context.addIssue({ code: 'custom', ...issue });
  });

export const usageSeriesResponseSchema = z.object({
  /** Start of the first bucket. */
  from: isoDateTimeSchema,
  /** Exclusive end, as asked. */
  to: isoDateTimeSchema,
  granularity: usageGranularitySchema,
  groupBy: usageGroupBySchema.nullable(),
  /** One series without groupBy; otherwise the top groups by cost, then requests. */
  series: z.array(usageSeriesSchema),
  /** The groups beyond the top ones, summed; null when there are none. */
  rest: z.object({ groups: z.number().int().positive(), points: z.array(usagePointSchema) }).nullable(),
});

export const usageSummaryQuerySchema = z.strictObject(rangeShape).superRefine((query, context) => {
  const issue = timeRangeIssue(query.from, query.to, USAGE_SUMMARY_RANGE_DAYS_MAX);
  if (issue) context.addIssue({ code: 'custom', ...issue });
});

export const usageGroupTotalsSchema = usageTotalsSchema.extend({
  key: z.string(),
  /** The API key's name (top keys only; null if the key no longer exists). */
  name: z.string().nullable(),
});

export const usageSummaryResponseSchema = z.object({
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  totals: usageTotalsSchema,
  /** Up to USAGE_TOP_MAX models by cost, then requests. */
  topModels: z.array(usageGroupTotalsSchema),
  /** Up to USAGE_TOP_MAX API keys by cost, then requests. */
  topApiKeys: z.array(usageGroupTotalsSchema),
  /**
   * 95th percentile (continuous) end-to-end latency of the range's non-streamed requests, whole ms, from the raw usage
   * events (the SLA's definition). Null without such requests, or once the events are past retention.
   */
  latencyMsP95: z.number().int().nonnegative().nullable(),
  /** 95th percentile time to first token of the range's streamed requests, whole ms; null as above. */
  ttftMsP95: z.number().int().nonnegative().nullable(),
});

/** Spend of one period against its budget. */
export const spendPeriodSchema = z.object({
  /** Start of the UTC calendar month or day. */
  start: isoDateTimeSchema,
  /** Exclusive end. */
  end: isoDateTimeSchema,
  spentMicros: decimalStringSchema,
  /** From the tenant's effective policy; null = no budget. */
  budgetMicros: decimalStringSchema.nullable(),
  /** spent / budget × 100, two decimals, may exceed 100; null without a budget (or a zero one). */
  percentUsed: z.number().nonnegative().nullable(),
});

export const spendResponseSchema = z.object({
  asOf: isoDateTimeSchema,
  month: spendPeriodSchema,
  today: spendPeriodSchema,
});

/**
 * Columns of the usage CSV export, in order. `series` is the model alias or API key id (`all` without grouping,
 * `other` for the groups summed beyond the top ones); `seriesName` is the key's name or, for `other`, how many groups
 * it sums. `costUsd` is `costMicros` as an exact decimal.
 */
export const USAGE_EXPORT_COLUMNS = [
  'bucketStart',
  'series',
  'seriesName',
  'requests',
  'errors',
  'cacheHits',
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'costMicros',
  'costUsd',
  'latencyMsMean',
] as const;

const usagePath = '/api/tenants/:tenantSlug/usage';

/** Usage and spend read models, computed from the hourly rollups the billing worker maintains. */
export const usageContract = {
  series: defineEndpoint({
    method: 'GET',
    path: usagePath,
    summary: 'Usage per hour or day (UTC), optionally per model or API key, with empty buckets filled.',
    successStatus: 200,
    query: usageSeriesQuerySchema,
    response: usageSeriesResponseSchema,
  }),
  summary: defineEndpoint({
    method: 'GET',
    path: `${usagePath}/summary`,
    summary: 'Usage totals of a range, with the top models and API keys.',
    successStatus: 200,
    query: usageSummaryQuerySchema,
    response: usageSummaryResponseSchema,
  }),
  /**
   * The series as a CSV download (header row, then one row per bucket and series, oldest first); not JSON, so no
   * response schema. Columns: USAGE_EXPORT_COLUMNS.
   */
  export: defineEndpoint({
    method: 'GET',
    path: `${usagePath}/export`,
    summary: 'Downloads the usage series (per hour or day, optionally per model or API key) as CSV.',
    successStatus: 200,
    query: usageSeriesQuerySchema,
  }),
  spend: defineEndpoint({
    method: 'GET',
    path: `${usagePath}/spend`,
    summary: "Month-to-date and today's spend (UTC) against the tenant's monthly and daily budgets.",
    successStatus: 200,
    response: spendResponseSchema,
  }),
};

export type UsageGranularity = z.infer<typeof usageGranularitySchema>;
export type UsageGroupBy = z.infer<typeof usageGroupBySchema>;
export type UsageTotals = z.infer<typeof usageTotalsSchema>;
export type UsagePoint = z.infer<typeof usagePointSchema>;
export type UsageSeries = z.infer<typeof usageSeriesSchema>;
export type UsageSeriesQuery = z.output<typeof usageSeriesQuerySchema>;
export type UsageSeriesResponse = z.infer<typeof usageSeriesResponseSchema>;
export type UsageSummaryQuery = z.output<typeof usageSummaryQuerySchema>;
export type UsageSummaryResponse = z.infer<typeof usageSummaryResponseSchema>;
export type UsageGroupTotals = z.infer<typeof usageGroupTotalsSchema>;
export type SpendPeriod = z.infer<typeof spendPeriodSchema>;
export type SpendResponse = z.infer<typeof spendResponseSchema>;
