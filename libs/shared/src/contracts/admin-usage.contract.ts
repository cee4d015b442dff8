import { z } from 'zod';
import { isoDateTimeSchema, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { tenantStatusSchema } from './tenants.contract';
import {
  USAGE_RANGE_DAYS_MAX,
  usageGranularitySchema,
  usagePointSchema,
  usageTotalsSchema,
} from './usage.contract';

const DAY_MS = 86_400_000;

/** Most tenants the platform usage top list may return. */
export const ADMIN_USAGE_TOP_TENANTS_MAX = 100;

/**
 * The range of the platform-wide usage view: the same bounds as a tenant's series (at most 14 days by hour, 92 by
 * day), so the platform chart stays at a few hundred points.
 */
export const adminUsageQuerySchema = z
  .strictObject({
    /** Inclusive; rounded down to the start of its bucket (UTC). */
    from: isoDateTimeSchema,
    /** Exclusive. */
    to: isoDateTimeSchema,
    granularity: usageGranularitySchema.default('day'),
    /** How many tenants the top list holds, costliest first. */
    limit: z.coerce.number().int().min(1).max(ADMIN_USAGE_TOP_TENANTS_MAX).default(20),
    /**
     * Part of a tenant's slug or name, case-insensitive: the whole report (totals, series, top list) then covers the
     * matching tenants only.
     */
    tenant: z.string().trim().min(1).max(100).optional(),
  })
  .superRefine((query, context) => {
    const span = Date.parse(query.to) - Date.parse(query.from);
    const daysMax = USAGE_RANGE_DAYS_MAX[query.granularity];
    if (span <= 0) context.addIssue({ code: 'custom', path: ['from'], message: 'must be before "to"' });
    else if (span > daysMax * DAY_MS)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${daysMax} days after "from" by ${query.granularity}`,
      });
  });

/** One tenant's usage over the range, with what a platform admin needs to recognise and open it. */
export const adminUsageTenantSchema = usageTotalsSchema.extend({
  tenantId: prefixedIdSchema('tnt'),
  slug: z.string(),
  name: z.string(),
  status: tenantStatusSchema,
  tierId: z.string(),
});

export const adminUsageResponseSchema = z.object({
  /** Start of the first bucket. */
  from: isoDateTimeSchema,
  /** Exclusive end, as asked. */
  to: isoDateTimeSchema,
  granularity: usageGranularitySchema,
  /** Every tenant's usage over the range (the matching tenants' with a `tenant` filter). */
  totals: usageTotalsSchema,
  /** Tenants with at least one request in the range (matching the filter, if any). */
  activeTenants: z.number().int().nonnegative(),
  /** Platform-wide usage per bucket, empty buckets included (all zero). */
  points: z.array(usagePointSchema),
  /** The costliest tenants of the range (then most requests), at most `limit`. */
  topTenants: z.array(adminUsageTenantSchema),
});

/** Platform-wide usage (platform admins only), read from the hourly rollups of every tenant. */
export const adminUsageContract = {
  get: defineEndpoint({
    method: 'GET',
    path: '/api/admin/usage',
    summary:
      'Usage of the whole platform (or of the tenants matching `tenant`) per hour or day (UTC), with its totals and the costliest tenants.',
    successStatus: 200,
    query: adminUsageQuerySchema,
    response: adminUsageResponseSchema,
  }),
};

/** An SLA tier a tenant can be moved to, with its targets and how many tenants are on it. */
export const adminTierSchema = z.object({
  /** The tier key (`free`, `pro`, `enterprise`…). */
  id: z.string(),
  name: z.string(),
  /** Monthly availability target in basis points (9990 = 99.90%). */
  availabilityTargetBasisPoints: z.number().int().nonnegative(),
  latencyP95TargetMs: z.number().int().nonnegative().nullable(),
  ttftP95TargetMs: z.number().int().nonnegative().nullable(),
  /** Share of the fee credited when a target is missed (whole percent). */
  creditPercent: z.number().int().nonnegative(),
  /** Tenants on this tier, deleted ones excepted. */
  tenantCount: z.number().int().nonnegative(),
});

/** The SLA tiers (platform admins only): what the tier picker of the admin area offers. */
export const adminTiersContract = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/admin/tiers',
    summary: 'Every SLA tier with its targets and tenant count, lowest availability target first.',
    successStatus: 200,
    response: z.object({ data: z.array(adminTierSchema) }),
  }),
};

export type AdminUsageQuery = z.output<typeof adminUsageQuerySchema>;
export type AdminUsageTenant = z.infer<typeof adminUsageTenantSchema>;
export type AdminUsageResponse = z.infer<typeof adminUsageResponseSchema>;
export type AdminTierView = z.infer<typeof adminTierSchema>;
