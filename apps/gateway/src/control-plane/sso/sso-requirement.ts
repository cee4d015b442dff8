import type { Tenant } from '@llmguard/db';
import { endpointPath, GatewayError, ssoLoginPaths } from '@llmguard/shared';
import type { Principal } from '../auth/principal';

/**
 * The 403 a member gets in a tenant that requires SSO when their session was not made by that tenant's identity
 * provider; null when the caller may go on. Platform admins (the way back in when a provider breaks) and
 * management keys are not subject to it. The error's details carry the path that starts the tenant's SSO sign-in.
 */
export function ssoRequirementError(tenant: Tenant, principal: Principal): GatewayError | null {
  if (!tenant.requireSso || principal.type !== 'user' || principal.isPlatformAdmin) return null;
  const { authentication } = principal;
  if (authentication.method === 'sso' && authentication.tenantId === tenant.id) return null;
  return new GatewayError('sso_required', {
    publicMessage: 'This tenant requires single sign-on: sign in through its identity provider.',
    details: [
      {
        location: 'session',
        message: "This session was not signed in through the tenant's identity provider.",
        fix: endpointPath(ssoLoginPaths.start, { tenantSlug: tenant.slug }),
      },
    ],
  });
}
