import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The tenant the current unit of work (one control-plane request) acts for. Mutable on purpose: the scope is opened
 * before the tenant is known (a Fastify onRequest hook) and filled once access to the tenant is granted (the tenant
 * guard), so everything after the guard in the same async context sees it.
 */
export type TenantScope = { tenantId: string | null };

const storage = new AsyncLocalStorage<TenantScope>();

/** Runs `work` in a new scope, empty until {@link enterTenant} fills it. */
export function runInTenantScope<Result>(work: () => Result): Result {
  return storage.run({ tenantId: null }, work);
}

/**
 * Scopes the rest of the current unit of work to `tenantId`: every query it makes from now on runs under Postgres
 * row-level security for that tenant. Throws outside a scope (a request path that forgot to open one would
 * otherwise run unscoped without anyone noticing) and when the scope already belongs to another tenant.
 */
export function enterTenant(tenantId: string): void {
  const scope = storage.getStore();
  if (!scope) throw new Error('enterTenant called outside runInTenantScope');
  if (scope.tenantId !== null && scope.tenantId !== tenantId) {
    throw new Error(`tenant scope already set to ${scope.tenantId}; refusing to switch to ${tenantId}`);
  }
  scope.tenantId = tenantId;
}

/** The tenant queries made here are scoped to; '' for platform work (no scope, or a scope not yet filled). */
export function scopedTenantId(): string {
  return storage.getStore()?.tenantId ?? '';
}
