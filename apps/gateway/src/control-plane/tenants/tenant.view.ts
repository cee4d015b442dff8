import type { MemberRole, Tenant } from '@llmguard/db';
import type { TenantView } from '@llmguard/shared';

/** The API view of a tenant, with the caller's role in it. */
export function toTenantView(tenant: Tenant, role: MemberRole | null): TenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    tierId: tenant.tierId,
    requireSso: tenant.requireSso,
    role,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}
