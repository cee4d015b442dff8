import type { ApiKey } from '@llmguard/db';
import {
  GatewayError,
  scopeFitsKind,
  type ApiKeyKind,
  type ApiKeyPrefix,
  type UpdateApiKeyRequest,
} from '@llmguard/shared';
import { conflict } from '../common/errors';
import { isAllowed } from '../auth/permissions';
import type { TenantAccess } from '../auth/tenant-access';

// The rules of API keys beyond the permission matrix: who may touch management keys, what suits each kind, and
// when a key can be rotated.

/** The user who made the key (a platform admin acting in someone else's tenant included); null for a management key. */
export function createdBy(access: TenantAccess): string | null {
  return access.principal.type === 'user' ? access.principal.userId : null;
}

export function prefixOf(kind: ApiKeyKind): ApiKeyPrefix {
  return kind === 'management' ? 'lg_mgmt_' : 'lg_live_';
}

/** Management keys are managed by owners and admins (users), never by a management key. */
export function assertMayManageManagementKeys(access: TenantAccess): void {
  const principal = access.principal;
  if (principal.type === 'user' && isAllowed('management_key.manage', access.role, principal.isPlatformAdmin))
    return;
  throw new GatewayError('permission_denied', {
    publicMessage: 'Only owners and admins (signed in, not through a management key) manage management keys.',
  });
}

export function assertMayChange(access: TenantAccess, key: ApiKey): void {
  if (key.kind === 'management') assertMayManageManagementKeys(access);
}

/** Scopes, models and limits must suit the key's kind, as at creation. */
export function assertFitsKind(key: ApiKey, input: UpdateApiKeyRequest): void {
  const details = (input.scopes ?? []).flatMap((scope, index) =>
    scopeFitsKind(scope, key.kind)
      ? []
      : [{ location: `body.scopes.${index}`, message: `is not a ${key.kind} scope` }],
  );
  if (key.kind === 'management' && (input.allowedModels?.length || input.limitOverrides))
    details.push({ location: 'body', message: 'management keys have no models or limits' });
  if (details.length > 0) {
    throw new GatewayError('validation_failed', {
      publicMessage: `The request body does not suit this ${key.kind} key.`,
      details,
    });
  }
}

export function assertRotatable(key: ApiKey, now: Date): void {
  if (key.revokedAt) throw conflict('This key is revoked; create a new key instead.');
  if (key.expiresAt && key.expiresAt <= now)
    throw conflict('This key has expired; create a new key instead.');
}

export function alreadyRotated(): GatewayError {
  return conflict('This key was already rotated; rotate its successor instead.');
}

/** The caller's overlap end, never in the past and never after the key's own expiry. */
export function overlapEnd(key: ApiKey, requested: string | undefined, now: Date): Date {
  const requestedAt = requested ? new Date(Math.max(Date.parse(requested), now.getTime())) : now;
  return key.expiresAt && key.expiresAt < requestedAt ? key.expiresAt : requestedAt;
}
