import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';
import { decimalStringSchema, timeRangeIssue } from './usage.contract';

// A route's variants report (A/B tests and canaries): per deployment that answered the route's requests in a range,
// what its traffic, errors, latency, tokens and cost were, beside the weights the route gives it now. Read from the raw
// usage events (percentiles cannot come from rollups), so a range past USAGE_RETENTION_DAYS reports nothing.

/** Longest range of a variants report. */
export const ROUTE_VARIANTS_RANGE_DAYS_MAX = 92;

export const routeVariantsQuerySchema = z
  .strictObject({
    /** Inclusive. */
    from: isoDateTimeSchema,
    /** Exclusive; at most ROUTE_VARIANTS_RANGE_DAYS_MAX days after `from`. */
    to: isoDateTimeSchema,
  })
  .superRefine((query, context) => {
    const issue = timeRangeIssue(query.from, query.to, ROUTE_VARIANTS_RANGE_DAYS_MAX);
    if (issue) context.addIssue({ code: 'custom', ...issue });
  });

/** A fraction from 0 to 1. */
const shareSchema = z.number().min(0).max(1);

/** Whole milliseconds; null when no request of the kind succeeded in the range. */
const percentileMsSchema = z.number().int().nonnegative().nullable();

/** How the route is configured for a deployment now: what its traffic share is meant to be. */
export const routeVariantSettingsSchema = z.object({
  weight: z.number().int().nonnegative(),
  priority: z.number().int().nonnegative(),
  enabled: z.boolean(),
  /**
   * weight / the summed weights of the route's enabled deployments of the same priority: the share of first picks the
   * `weighted` strategy aims for within that priority (fallbacks and other strategies move traffic away from it). 0
   * when disabled or when the priority's weights sum to 0.
   */
  weightShare: shareSchema,
});

/** One variant: a deployment of the route, with what it answered in the range. */
export const routeVariantSchema = z.object({
  /** The stable key: requests are counted by the deployment that answered them, whatever it was called. */
  deploymentId: z.string(),
  /** Its name now; for a deployment no longer on the route, the name its latest request in the range recorded. */
  name: z.string(),
  /** The names its requests in the range recorded (several when it was renamed meanwhile), in alphabetical order. */
  recordedNames: z.array(z.string()),
  /** Its settings on the route now; null once it was removed from the route. */
  settings: routeVariantSettingsSchema.nullable(),
  /** Requests this deployment answered (or failed last on). */
  requests: z.number().int().nonnegative(),
  /** requests / the route's requests in the range; 0 when the range has none. */
  trafficShare: shareSchema,
  /**
   * Server-side errors, as the SLA counts them: outcome `upstream_error`, or status >= 500 unless the client had gone.
   * Client errors (4xx, limit rejections) and disconnects are requests, not errors.
   */
  errors: z.number().int().nonnegative(),
  /** errors / requests; 0 without requests. */
  errorRate: shareSchema,
  /** End-to-end latency of its successful non-streamed requests, median and 95th percentile (continuous). */
  latencyMsP50: percentileMsSchema,
  latencyMsP95: percentileMsSchema,
  /** Time to first token of its successful streamed requests, median and 95th percentile. */
  ttftMsP50: percentileMsSchema,
  ttftMsP95: percentileMsSchema,
  inputTokens: decimalStringSchema,
  outputTokens: decimalStringSchema,
  /** USD micros billed for its requests (1 USD = 1,000,000). */
  costMicros: decimalStringSchema,
});

export type RouteVariantsQuery = z.output<typeof routeVariantsQuerySchema>;
export type RouteVariantSettings = z.infer<typeof routeVariantSettingsSchema>;
export type RouteVariant = z.infer<typeof routeVariantSchema>;
