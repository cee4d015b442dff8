import type { MemberRole, Tenant } from '@llmguard/db';
import type { TenantView } from '@llmguard/shared';

/** The fields every view of a tenant shows, to members and platform admins alike. */
export function tenantFieldsOf(tenant: Tenant): Omit<TenantView, 'role'> {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    tierId: tenant.tierId,
    requireSso: tenant.requireSso,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}

/** The API view of a tenant, with the caller's role in it. */
export function toTenantView(tenant: Tenant, role: MemberRole | null): TenantView {
  return { ...tenantFieldsOf(tenant), role };
}
