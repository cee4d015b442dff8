import { z } from 'zod';
import {
  displayNameSchema,
  isoDateTimeSchema,
  pageSchema,
  paginationQueryShape,
  prefixedIdSchema,
} from './common.schemas';
import { defineEndpoint } from './endpoint';

/**
 * What a data-plane key (`lg_live_`) may call: `inference` = chat, messages, completions and responses; the others
 * name their endpoints. Every key may list the models it can use (GET /v1/models).
 */
export const apiKeyScopeSchema = z.enum(['inference', 'embeddings', 'audio', 'images']);

/**
 * What a management key (`lg_mgmt_`) may do through /api in its own tenant. No scope lets a management key manage
 * management keys or owners, so a key can never grant more than it was given.
 */
export const managementScopeSchema = z.enum([
  'tenant:read',
  'tenant:write',
  'members:read',
  'members:write',
  'keys:read',
  'keys:write',
  'audit:read',
  /** Model routes and their versions (read; create, change, delete, restore). */
  'routes:read',
  'routes:write',
  /** Usage, spend and SLA read models. */
  'usage:read',
]);

export const apiKeyKindSchema = z.enum(['data_plane', 'management']);

/** Derived from revoked_at and expires_at at read time. */
export const apiKeyStatusSchema = z.enum(['active', 'expired', 'revoked']);

const positiveCount = z.number().int().positive();

/**
 * Per-key limits that can only tighten the tenant policy (stored in api_keys.limit_overrides). Keys are optional;
 * an absent key means "the tenant policy decides".
 */
export const apiKeyLimitOverridesSchema = z.strictObject({
  rateLimits: z
    .strictObject({
      requestsPerMinute: positiveCount,
      tokensPerMinute: positiveCount,
      requestsPerDay: positiveCount,
      tokensPerDay: positiveCount,
      concurrentRequests: positiveCount,
    })
    .partial()
    .optional(),
  budgets: z
    .strictObject({
      /** USD micros per UTC day. */
      dailyMicros: positiveCount,
      /** USD micros per calendar month. */
      monthlyMicros: positiveCount,
    })
    .partial()
    .optional(),
});

/** A model alias a key may call; aliases are what clients send as `model`. */
export const modelAliasSchema = z.string().min(1).max(200).regex(/^\S+$/, 'must not contain whitespace');

/** A key as lists show it: prefix and last four characters, never the secret or its hash. */
export const apiKeySchema = z.object({
  id: prefixedIdSchema('key'),
  name: z.string(),
  kind: apiKeyKindSchema,
  prefix: z.string(),
  lastFour: z.string(),
  status: apiKeyStatusSchema,
  scopes: z.array(z.string()),
  allowedModels: z.array(z.string()),
  limitOverrides: apiKeyLimitOverridesSchema.nullable(),
  expiresAt: isoDateTimeSchema.nullable(),
  revokedAt: isoDateTimeSchema.nullable(),
  /** Approximate: the data plane records it at most about once a minute. */
  lastUsedAt: isoDateTimeSchema.nullable(),
  createdById: z.string().nullable(),
  rotatedFromId: z.string().nullable(),
  rotationOverlapEndsAt: isoDateTimeSchema.nullable(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

const futureDateTime = isoDateTimeSchema.refine(
  (value) => Date.parse(value) > Date.now(),
  'must be in the future',
);

const scopesSchema = z
  .array(z.union([apiKeyScopeSchema, managementScopeSchema]))
  .min(1)
  .max(apiKeyScopeSchema.options.length + managementScopeSchema.options.length)
  .transform((scopes) => [...new Set(scopes)]);

/** Whether a scope belongs to keys of a kind (data-plane scopes on data-plane keys, and so on). */
export function scopeFitsKind(scope: string, kind: z.infer<typeof apiKeyKindSchema>): boolean {
  const scopes: readonly string[] =
    kind === 'management' ? managementScopeSchema.options : apiKeyScopeSchema.options;
  return scopes.includes(scope);
}

const allowedModelsSchema = z
  .array(modelAliasSchema)
  .max(100)
  .transform((models) => [...new Set(models)]);

export const createApiKeyRequestSchema = z
  .strictObject({
    name: displayNameSchema,
    /** `management` keys automate /api and need owner or admin; default `data_plane`. */
    kind: apiKeyKindSchema.default('data_plane'),
    /** Default for data-plane keys: every data-plane scope; management keys must list theirs. */
    scopes: scopesSchema.optional(),
    /** Data-plane keys only. Empty (the default) = every model the tenant can route. */
    allowedModels: allowedModelsSchema.default([]),
    expiresAt: futureDateTime.optional(),
    /** Data-plane keys only. */
    limitOverrides: apiKeyLimitOverridesSchema.optional(),
  })
  .superRefine((body, context) => {
    body.scopes?.forEach((scope, index) => {
      if (!scopeFitsKind(scope, body.kind))
        context.addIssue({ code: 'custom', path: ['scopes', index], message: `is not a ${body.kind} scope` });
    });
    if (body.kind !== 'management') return;
    if (!body.scopes)
      context.addIssue({ code: 'custom', path: ['scopes'], message: 'management keys need scopes' });
    if (body.allowedModels.length > 0)
      context.addIssue({
        code: 'custom',
        path: ['allowedModels'],
        message: 'only data-plane keys call models',
      });
    if (body.limitOverrides)
      context.addIssue({
        code: 'custom',
        path: ['limitOverrides'],
        message: 'only data-plane keys have limits',
      });
  })
  .transform((body) => ({ ...body, scopes: body.scopes ?? [...apiKeyScopeSchema.options] }));

/** Returned once, at creation or rotation: the only time the secret leaves the server. */
export const createdApiKeyResponseSchema = z.object({ key: apiKeySchema, secret: z.string() });

export const updateApiKeyRequestSchema = z
  .strictObject({
    name: displayNameSchema.optional(),
    scopes: scopesSchema.optional(),
    allowedModels: allowedModelsSchema.optional(),
    /** null removes the expiry. */
    expiresAt: futureDateTime.nullable().optional(),
    /** null removes every override. */
    limitOverrides: apiKeyLimitOverridesSchema.nullable().optional(),
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'must change at least one field',
  );

/** Longest rotation overlap: the old key may keep working for up to 30 days. */
export const MAX_ROTATION_OVERLAP_MS = 30 * 24 * 3600 * 1000;

export const rotateApiKeyRequestSchema = z.strictObject({
  /**
   * Until when the old key keeps working (its expires_at is set to this). Omitted = now: the old key stops at once.
   * At most 30 days ahead.
   */
  overlapEndsAt: isoDateTimeSchema
    .refine(
      (value) => Date.parse(value) <= Date.now() + MAX_ROTATION_OVERLAP_MS,
      'must be at most 30 days ahead',
    )
    .optional(),
  /** Expiry of the new key; omitted = never. */
  expiresAt: futureDateTime.optional(),
});

export const rotatedApiKeyResponseSchema = z.object({
  key: apiKeySchema,
  secret: z.string(),
  previousKey: apiKeySchema,
});

export const listApiKeysQuerySchema = z.strictObject({ ...paginationQueryShape });

const keysPath = '/api/tenants/:tenantSlug/api-keys';
const keyPath = `${keysPath}/:keyId`;

/** API keys of a tenant. Every change reaches every gateway within a second (key invalidation). */
export const apiKeysContract = {
  create: defineEndpoint({
    method: 'POST',
    path: keysPath,
    summary:
      'Creates a data-plane (`lg_live_…`) or management (`lg_mgmt_…`) key; the secret is in this answer only.',
    successStatus: 201,
    body: createApiKeyRequestSchema,
    response: createdApiKeyResponseSchema,
  }),
  list: defineEndpoint({
    method: 'GET',
    path: keysPath,
    summary: 'Keys of the tenant, newest first, revoked ones included.',
    successStatus: 200,
    query: listApiKeysQuerySchema,
    response: pageSchema(apiKeySchema),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: keyPath,
    summary: 'One key.',
    successStatus: 200,
    response: apiKeySchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: keyPath,
    summary: 'Renames a key or changes its scopes, models, expiry or limits.',
    successStatus: 200,
    body: updateApiKeyRequestSchema,
    response: apiKeySchema,
  }),
  revoke: defineEndpoint({
    method: 'POST',
    path: `${keyPath}/revoke`,
    summary: 'Revokes a key at once, on every gateway.',
    successStatus: 200,
    response: apiKeySchema,
  }),
  rotate: defineEndpoint({
    method: 'POST',
    path: `${keyPath}/rotate`,
    summary: 'Issues a new secret for a key; the old one works until overlapEndsAt.',
    successStatus: 201,
    body: rotateApiKeyRequestSchema,
    response: rotatedApiKeyResponseSchema,
  }),
};

export type ApiKeyView = z.infer<typeof apiKeySchema>;
export type ApiKeyKind = z.infer<typeof apiKeyKindSchema>;
export type ManagementScope = z.infer<typeof managementScopeSchema>;
export type ApiKeyLimitOverrides = z.infer<typeof apiKeyLimitOverridesSchema>;
export type CreateApiKeyRequest = z.output<typeof createApiKeyRequestSchema>;
export type UpdateApiKeyRequest = z.output<typeof updateApiKeyRequestSchema>;
export type RotateApiKeyRequest = z.output<typeof rotateApiKeyRequestSchema>;
