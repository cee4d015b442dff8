import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { enterTenant, type MemberRole, type PrismaClient, type Tenant } from '@llmguard/db';
import { GatewayError, tenantSlugSchema } from '@llmguard/shared';
import { PRISMA } from '../../clients/clients.module';
import { notFound } from '../common/errors';
import { ssoRequirementError } from '../sso/sso-requirement';
import { isAllowed, isAllowedForKey, REQUIRED_PERMISSION, type Permission } from './permissions';
import { principalOf, type Principal } from './principal';
import type { TenantScopedRequest } from './tenant-access';

/** The caller's standing in a tenant: null when the tenant must look missing to them. */
type Standing = { tenant: Tenant; role: MemberRole | null; allowed: boolean; denial: string };

/**
 * Resolves `:tenantSlug`, loads the caller's membership (or checks the management key's tenant) and applies the
 * permission matrix. A caller who is not a member gets the same 404 as for a tenant that does not exist, so tenant
 * names cannot be probed; 403 only tells a member that their role (or a key that its scopes) is not enough.
 */
@Injectable()
export class TenantAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.get<Permission | undefined>(REQUIRED_PERMISSION, context.getHandler());
    const request = context.switchToHttp().getRequest<TenantScopedRequest>();
    const slug = (request.params as Record<string, string | undefined>).tenantSlug;
    if (!permission || slug === undefined) {
      throw new Error(`tenant-scoped route ${request.url} lacks @RequirePermission or :tenantSlug`);
    }
    const principal = principalOf(request);
    const standing = tenantSlugSchema.safeParse(slug).success
      ? await this.standing(slug, principal, permission)
      : null;
    if (!standing) throw notFound('Tenant');
    // Only a member learns that the tenant requires SSO; outsiders got the 404 above.
    const ssoRequired = ssoRequirementError(standing.tenant, principal);
    if (ssoRequired) throw ssoRequired;
    if (!standing.allowed) throw new GatewayError('permission_denied', { publicMessage: standing.denial });
    request.tenantAccess = { tenant: standing.tenant, role: standing.role, principal };
    // From here on every query of this request runs under row-level security for this tenant: a second wall
    // behind the repositories' own tenant filters.
    enterTenant(standing.tenant.id);
    return true;
  }

  private async standing(
    slug: string,
    principal: Principal,
    permission: Permission,
  ): Promise<Standing | null> {
    if (principal.type === 'api_key') {
      const tenant = await this.prisma.tenant.findUnique({ where: { slug } });
      if (!tenant || tenant.id !== principal.tenantId || tenant.status === 'deleted') return null;
      return {
        tenant,
        role: null,
        allowed: isAllowedForKey(permission, principal.scopes),
        denial: `This management key's scopes do not allow ${permission}.`,
      };
    }
    const found = await this.prisma.tenant.findUnique({
      where: { slug },
      include: { memberships: { where: { userId: principal.userId }, take: 1 } },
    });
    if (!found || found.status === 'deleted') return null;
    const { memberships, ...tenant } = found;
    const role = memberships[0]?.role ?? null;
    if (role === null && !principal.isPlatformAdmin) return null;
    return {
      tenant,
      role,
      allowed: isAllowed(permission, role, principal.isPlatformAdmin),
      denial: `Your role (${role ?? 'none'}) in this tenant does not allow ${permission}.`,
    };
  }
}
