import { z } from 'zod';
import { isoDateTimeSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';

/** A UTC calendar month, `YYYY-MM`, from 2020-01 up to the current month. */
export const slaMonthSchema = z
  .string()
  .regex(/^(20[2-9][0-9])-(0[1-9]|1[0-2])$/, {
    message: 'must be a month from 2020-01 as YYYY-MM',
    abort: true,
  })
  .refine((month) => month <= new Date().toISOString().slice(0, 7), 'must not be in the future');

export const slaQuerySchema = z.strictObject({
  /** Defaults to the current UTC month. */
  month: slaMonthSchema.optional(),
});

/** The tier's promises. Null latency targets mean the tier has no such SLA. */
export const slaTargetsSchema = z.object({
  tierId: z.string(),
  tierName: z.string(),
  /** 9990 = 99.90%. */
  availabilityBasisPoints: z.number().int(),
  latencyP95Ms: z.number().int().nullable(),
  ttftP95Ms: z.number().int().nullable(),
  /** Share of the month's fee credited when a target is missed (whole percent). */
  creditPercent: z.number().int(),
});

/**
 * What was measured over a day or the month.
 * - availability = (requests − server-side errors) / requests, in basis points, rounded down; 10000 without requests.
 *   Server-side errors are requests with outcome `upstream_error`, or with status ≥ 500 unless the client
 *   disconnected. Client errors (4xx, rejections) count as requests, never as errors.
 * - latencyP50Ms: the median (continuous) of end-to-end latency of non-streamed requests, whole ms; no target.
 * - latencyP95Ms: 95th percentile (continuous) of end-to-end latency of non-streamed requests, whole ms.
 * - ttftP95Ms: 95th percentile (continuous) of time to first token of streamed requests, whole ms.
 * A target is breached when availability is below it or a p95 is above it; a null target or measure never breaches.
 */
export const slaMeasurementSchema = z.object({
  requests: z.number().int().nonnegative(),
  serverErrors: z.number().int().nonnegative(),
  availabilityBasisPoints: z.number().int().min(0).max(10_000),
  latencyP50Ms: z.number().int().nullable(),
  latencyP95Ms: z.number().int().nullable(),
  ttftP95Ms: z.number().int().nullable(),
  availabilityBreached: z.boolean(),
  latencyBreached: z.boolean(),
  ttftBreached: z.boolean(),
});

export const slaDaySchema = slaMeasurementSchema.extend({
  /** `YYYY-MM-DD`, UTC. */
  day: z.string(),
  /** `report`: a closed day read from the stored daily report; `live`: computed now from usage events. */
  source: z.enum(['report', 'live']),
});

export const slaResponseSchema = z.object({
  /** `YYYY-MM`. */
  month: z.string(),
  /** First instant of the month and the exclusive end of what was measured (now, for the current month). */
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  targets: slaTargetsSchema,
  /**
   * The whole month so far. Availability sums the days' counts; the percentiles are computed over the month's usage events
   * (percentiles cannot be combined from daily ones), so they are null once those events are past retention.
   */
  total: slaMeasurementSchema.extend({ breached: z.boolean() }),
  /** Every day of the month up to today, oldest first. */
  days: z.array(slaDaySchema),
});

/** The tenant's SLA: its tier's targets against what was measured. */
export const slaContract = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/tenants/:tenantSlug/sla',
    summary:
      "The tenant's SLA targets against measured availability, latency and TTFT, per day and for the month.",
    successStatus: 200,
    query: slaQuerySchema,
    response: slaResponseSchema,
  }),
};

export type SlaQuery = z.output<typeof slaQuerySchema>;
export type SlaTargets = z.infer<typeof slaTargetsSchema>;
export type SlaMeasurement = z.infer<typeof slaMeasurementSchema>;
export type SlaDay = z.infer<typeof slaDaySchema>;
export type SlaResponse = z.infer<typeof slaResponseSchema>;
