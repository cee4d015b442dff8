import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { isStateChanging } from '../auth/csrf';
import type { TenantScopedRequest } from '../auth/tenant-access';
import { ALLOWED_WHILE_SUSPENDED } from './allowed-while-suspended.decorator';
import { tenantSuspended } from './tenant-suspended';

/**
 * Makes a suspended tenant read-only: every state-changing request to a tenant-scoped route answers 403
 * `tenant_suspended`, while reads (usage, billing, audit log) keep working for its members and its management keys
 * alike. Platform admins are excepted, so they can still act in the tenant. An interceptor runs after every guard,
 * so the tenant and the caller are already resolved by the tenant-access guard; routes that are not tenant-scoped
 * pass untouched, and so do routes marked @AllowedWhileSuspended (paying what is owed).
 */
@Injectable()
export class SuspendedTenantInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<TenantScopedRequest>();
    const access = request.tenantAccess;
    if (
      access?.tenant.status === 'suspended' &&
      isStateChanging(request.method) &&
      !(access.principal.type === 'user' && access.principal.isPlatformAdmin) &&
      !this.reflector.get<boolean>(ALLOWED_WHILE_SUSPENDED, context.getHandler())
    ) {
      throw tenantSuspended();
    }
    return next.handle();
  }
}
