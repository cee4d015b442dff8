import type { Tenant } from '@llmguard/db';
import type { AdminTenantView } from '@llmguard/shared';
import { tenantFieldsOf } from '../tenants/tenant.view';

/** A tenant as platform admins see it: with the suspension, without a role. */
export function toAdminTenantView(tenant: Tenant): AdminTenantView {
  return {
    ...tenantFieldsOf(tenant),
    suspendedAt: tenant.suspendedAt?.toISOString() ?? null,
    suspensionReason: tenant.suspensionReason,
  };
}
