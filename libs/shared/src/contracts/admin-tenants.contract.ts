import { z } from 'zod';
import { isoDateTimeSchema, pageSchema, paginationQueryShape, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { tenantStatusSchema } from './tenants.contract';

// Control characters would end up in audit JSON and confuse displays.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A tenant as platform admins see it: its state, tier and suspension, without a caller role. */
export const adminTenantSchema = z.object({
  id: prefixedIdSchema('tnt'),
  slug: z.string(),
  name: z.string(),
  status: tenantStatusSchema,
  tierId: z.string(),
  requireSso: z.boolean(),
  suspendedAt: isoDateTimeSchema.nullable(),
  suspensionReason: z.string().nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

/** One tenant with the counts a platform admin looks at before acting on it. */
export const adminTenantDetailSchema = adminTenantSchema.extend({
  memberCount: z.number().int().nonnegative(),
  /** Data-plane and management keys that are neither revoked nor expired. */
  activeApiKeyCount: z.number().int().nonnegative(),
});

export const listAdminTenantsQuerySchema = z.strictObject({
  ...paginationQueryShape,
  status: tenantStatusSchema.optional(),
  /** Part of the slug or the name, case-insensitive. */
  search: z.string().trim().min(1).max(100).optional(),
});

export const suspendTenantRequestSchema = z.strictObject({
  /** Why, for other platform admins and the audit log. */
  reason: z
    .string()
    .trim()
    .min(3)
    .max(500)
    .refine((reason) => !CONTROL_CHARACTERS.test(reason), 'must not contain control characters'),
});

export const updateAdminTenantRequestSchema = z.strictObject({
  /** The key of an SLA tier (`free`, `pro`, `enterprise`…). */
  tierId: z.string().min(1).max(64),
});

const adminTenantsPath = '/api/admin/tenants';

/** Platform administration of tenants (platform admins only): list, inspect, suspend, reactivate, change tier. */
export const adminTenantsContract = {
  list: defineEndpoint({
    method: 'GET',
    path: adminTenantsPath,
    summary: 'Every tenant, newest first, filtered by status and by a search on slug and name.',
    successStatus: 200,
    query: listAdminTenantsQuerySchema,
    response: pageSchema(adminTenantSchema),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: `${adminTenantsPath}/:tenantId`,
    summary: 'One tenant with its member and key counts.',
    successStatus: 200,
    response: adminTenantDetailSchema,
  }),
  suspend: defineEndpoint({
    method: 'POST',
    path: `${adminTenantsPath}/:tenantId/suspend`,
    summary:
      'Suspends a tenant: its keys are refused on every gateway within a second and its settings become read-only.',
    successStatus: 200,
    body: suspendTenantRequestSchema,
    response: adminTenantSchema,
  }),
  reactivate: defineEndpoint({
    method: 'POST',
    path: `${adminTenantsPath}/:tenantId/reactivate`,
    summary: 'Ends a suspension: keys work again within a second.',
    successStatus: 200,
    response: adminTenantSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: `${adminTenantsPath}/:tenantId`,
    summary: "Changes a tenant's SLA tier.",
    successStatus: 200,
    body: updateAdminTenantRequestSchema,
    response: adminTenantSchema,
  }),
};

export type AdminTenantView = z.infer<typeof adminTenantSchema>;
export type AdminTenantDetailView = z.infer<typeof adminTenantDetailSchema>;
export type ListAdminTenantsQuery = z.input<typeof listAdminTenantsQuerySchema>;
export type SuspendTenantRequest = z.input<typeof suspendTenantRequestSchema>;
export type UpdateAdminTenantRequest = z.input<typeof updateAdminTenantRequestSchema>;
