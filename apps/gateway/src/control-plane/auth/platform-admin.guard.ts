import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import { principalOf, type ControlPlaneRequest } from './principal';

/**
 * Platform administration routes (/api/admin/*: tenants, tier policies, platform routes): a signed-in platform admin
 * only. Anyone else who is signed in gets 403, not 404: these routes are not tenant-scoped, so there is no tenant
 * whose existence a 403 could reveal. Management keys never qualify: they belong to one tenant.
 */
@Injectable()
export class PlatformAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const principal = principalOf(context.switchToHttp().getRequest<ControlPlaneRequest>());
    if (principal.type === 'user' && principal.isPlatformAdmin) return true;
    throw new GatewayError('permission_denied', {
      publicMessage: 'Only platform admins (signed in, not through a management key) can call this endpoint.',
    });
  }
}
