/**
 * Whose routes a request addresses: one tenant's, or the platform's (tenantId null). Every repository query filters
 * on it, so a route of another tenant, or a platform route reached through a tenant path, is simply not found.
 */
export type RouteScope = { tenantId: string | null };

export const PLATFORM_SCOPE: RouteScope = { tenantId: null };

export function tenantScope(tenantId: string): RouteScope {
  return { tenantId };
}
