import type { Tenant } from '@llmguard/db';
import type { AdminTenantView } from '@llmguard/shared';

/** A tenant as platform admins see it. */
export function toAdminTenantView(tenant: Tenant): AdminTenantView {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    status: tenant.status,
    tierId: tenant.tierId,
    requireSso: tenant.requireSso,
    suspendedAt: tenant.suspendedAt?.toISOString() ?? null,
    suspensionReason: tenant.suspensionReason,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}
