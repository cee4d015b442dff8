import { z } from 'zod';
import {
  displayNameSchema,
  isoDateTimeSchema,
  pageSchema,
  paginationQueryShape,
  prefixedIdSchema,
  tenantSlugSchema,
} from './common.schemas';
import { defineEndpoint } from './endpoint';

/** A member's role in a tenant; what each may do is the permission matrix of the control plane. */
export const memberRoleSchema = z.enum(['owner', 'admin', 'developer', 'billing', 'viewer']);

export const tenantStatusSchema = z.enum(['active', 'suspended', 'deleted']);

/** A tenant as one caller sees it, with the caller's role (null for a platform admin who is not a member). */
export const tenantSchema = z.object({
  id: prefixedIdSchema('tnt'),
  slug: z.string(),
  name: z.string(),
  status: tenantStatusSchema,
  tierId: z.string(),
  requireSso: z.boolean(),
  role: memberRoleSchema.nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const createTenantRequestSchema = z.strictObject({ slug: tenantSlugSchema, name: displayNameSchema });

export const updateTenantRequestSchema = z
  .strictObject({ name: displayNameSchema.optional() })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'must change at least one field',
  );

export const listTenantsQuerySchema = z.strictObject({ ...paginationQueryShape });

const tenantPath = '/api/tenants/:tenantSlug';

/** Tenants: create one (the creator becomes its owner), list mine, read and rename one. */
export const tenantsContract = {
  create: defineEndpoint({
    method: 'POST',
    path: '/api/tenants',
    summary: 'Creates a tenant; the caller becomes its owner.',
    successStatus: 201,
    body: createTenantRequestSchema,
    response: tenantSchema,
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/api/tenants',
    summary: "The caller's tenants, oldest membership first.",
    successStatus: 200,
    query: listTenantsQuerySchema,
    response: pageSchema(tenantSchema),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: tenantPath,
    summary: 'One tenant.',
    successStatus: 200,
    response: tenantSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: tenantPath,
    summary: "Changes a tenant's settings.",
    successStatus: 200,
    body: updateTenantRequestSchema,
    response: tenantSchema,
  }),
};

export type MemberRole = z.infer<typeof memberRoleSchema>;
export type TenantView = z.infer<typeof tenantSchema>;
export type CreateTenantRequest = z.input<typeof createTenantRequestSchema>;
export type UpdateTenantRequest = z.input<typeof updateTenantRequestSchema>;
