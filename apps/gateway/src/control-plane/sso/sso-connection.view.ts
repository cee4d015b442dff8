import type { SsoConnection, Tenant } from '@llmguard/db';
import { endpointPath, ssoLoginPaths, type SsoConnectionView } from '@llmguard/shared';

/** The API view of a connection: whether a client secret is set, never the secret (sealed or not). */
export function toSsoConnectionView(connection: SsoConnection, tenant: Tenant): SsoConnectionView {
  return {
    id: connection.id,
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecretSet: connection.clientSecretSealed.length > 0,
    allowedEmailDomains: connection.allowedEmailDomains,
    defaultRole: connection.defaultRole,
    enabled: connection.enabled,
    requireSso: tenant.requireSso,
    loginPath: endpointPath(ssoLoginPaths.start, { tenantSlug: tenant.slug }),
    callbackPath: endpointPath(ssoLoginPaths.callback, { tenantSlug: tenant.slug }),
    createdAt: connection.createdAt.toISOString(),
    updatedAt: connection.updatedAt.toISOString(),
  };
}
