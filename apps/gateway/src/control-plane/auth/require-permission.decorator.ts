import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { REQUIRED_PERMISSION, type Permission } from './permissions';
import { TenantAccessGuard } from './tenant-access.guard';

/**
 * A tenant-scoped route (path with `:tenantSlug`) and the one permission it needs. Resolves the tenant and the
 * caller's membership before the handler runs (see TenantAccessGuard).
 */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permission), UseGuards(TenantAccessGuard));
