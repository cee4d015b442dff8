import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { slaMonthSchema } from './sla.contract';
import { decimalStringSchema } from './usage.contract';

export const serviceCreditsQuerySchema = z.strictObject({
  /** Defaults to the current UTC month. */
  month: slaMonthSchema.optional(),
});

/**
 * One day that earned a service credit: a target of the tier was missed, and the billing worker's daily SLA report
 * credited `creditPercent` of that day's usage cost. Days still being measured (no stored report yet) are not listed.
 */
export const serviceCreditDaySchema = z.object({
  /** `YYYY-MM-DD`, UTC. */
  day: z.string(),
  tierId: z.string(),
  /** USD micros, applied to the next invoice. */
  creditMicros: decimalStringSchema,
  availabilityBreached: z.boolean(),
  latencyBreached: z.boolean(),
  ttftBreached: z.boolean(),
});

export const serviceCreditsResponseSchema = z.object({
  /** `YYYY-MM`. */
  month: z.string(),
  /** Sum of the days' credits, USD micros. */
  totalMicros: decimalStringSchema,
  /** Oldest first. */
  data: z.array(serviceCreditDaySchema),
});

/** Service credits earned by missed SLA targets. Owners, admins and billing (money), like the rest of billing. */
export const serviceCreditsContract = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/tenants/:tenantSlug/billing/service-credits',
    summary:
      'Service credits the tenant earned in a UTC month (days with a missed SLA target), from the daily reports.',
    successStatus: 200,
    query: serviceCreditsQuerySchema,
    response: serviceCreditsResponseSchema,
  }),
};

export type ServiceCreditDay = z.infer<typeof serviceCreditDaySchema>;
export type ServiceCreditsResponse = z.infer<typeof serviceCreditsResponseSchema>;
