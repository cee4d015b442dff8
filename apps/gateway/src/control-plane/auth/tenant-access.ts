import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { MemberRole, Tenant } from '@llmguard/db';
import type { ControlPlaneRequest, Principal } from './principal';

/** The tenant a request addresses and the caller's standing in it. */
export type TenantAccess = {
  tenant: Tenant;
  /** The caller's role; null for a platform admin who is not a member. */
  role: MemberRole | null;
  principal: Principal;
};

export type TenantScopedRequest = ControlPlaneRequest & { tenantAccess?: TenantAccess };

/** `@CurrentTenant() access: TenantAccess` in a handler guarded by @RequirePermission. */
export const CurrentTenant = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const access = context.switchToHttp().getRequest<TenantScopedRequest>().tenantAccess;
  if (!access) throw new Error('CurrentTenant used on a route without @RequirePermission');
  return access;
});
