import type { ApiKey } from '@llmguard/db';
import { apiKeyLimitOverridesSchema, type ApiKeyView } from '@llmguard/shared';

/** The API view of a key: prefix and last four characters, never the secret or its hash. */
export function toApiKeyView(key: ApiKey, now = Date.now()): ApiKeyView {
  const overrides = apiKeyLimitOverridesSchema.safeParse(key.limitOverrides);
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    prefix: key.prefix,
    lastFour: key.lastFour,
    status: key.revokedAt
      ? 'revoked'
      : key.expiresAt && key.expiresAt.getTime() <= now
        ? 'expired'
        : 'active',
    scopes: key.scopes,
    allowedModels: key.allowedModels,
    limitOverrides: overrides.success ? overrides.data : null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    createdById: key.createdById,
    rotatedFromId: key.rotatedFromId,
    rotationOverlapEndsAt: key.rotationOverlapEndsAt?.toISOString() ?? null,
    createdAt: key.createdAt.toISOString(),
    updatedAt: key.updatedAt.toISOString(),
  };
}
