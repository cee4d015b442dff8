import { z } from 'zod';
import { policyDocumentSchema } from '../policy/policy-document.schema';
import { isoDateTimeSchema, pageSchema, paginationQueryShape } from './common.schemas';
import { defineEndpoint } from './endpoint';

/** A version number of a tenant's policy: 1, 2, 3… */
export const policyVersionNumberSchema = z.number().int().min(1).max(1_000_000_000);

/** The path parameters of a version's endpoints: `:version` is digits, parsed to a number. */
export const policyVersionParamsSchema = z.object({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a version number (1, 2, 3…)')
    .transform(Number),
});

// Control characters would end up in audit JSON (Postgres jsonb rejects \u0000) and confuse displays; line breaks
// are fine in a comment.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_BUT_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** Why a change was made, shown in the policy history. */
export const policyCommentSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((comment) => !CONTROL_CHARACTERS_BUT_NEWLINES.test(comment), 'must not contain control characters');

/** Who made a version; null when the user was deleted or the system made it. */
export const policyAuthorSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string() })
  .nullable();

/** One version as the history lists it. */
export const policyVersionSummarySchema = z.object({
  version: policyVersionNumberSchema,
  comment: z.string().nullable(),
  author: policyAuthorSchema,
  createdAt: isoDateTimeSchema,
});

/** One field that differs from the previous version; `null` stands for "absent" (see diffPolicies). */
export const policyChangeSchema = z.object({ path: z.string(), before: z.json(), after: z.json() });

/** One version: its document, and what changed against the version before it (against nothing for version 1). */
export const policyVersionSchema = policyVersionSummarySchema.extend({
  document: policyDocumentSchema,
  changes: z.array(policyChangeSchema),
});

/** The policy in force for a tenant and where it comes from. */
export const tenantPolicySchema = z.object({
  tierId: z.string(),
  /** The tenant's version in force; null = no version yet, the tier defaults apply alone. */
  currentVersion: policyVersionNumberSchema.nullable(),
  /** The tenant's own document (current version), `{}` without one. Absent fields inherit the tier defaults. */
  document: policyDocumentSchema,
  tierDefaults: policyDocumentSchema,
  /** Tier defaults overlaid by the tenant's document (computeEffectivePolicy): what gateways enforce. */
  effective: policyDocumentSchema,
});

export const createPolicyVersionRequestSchema = z.strictObject({
  /** The whole new document (not a patch): fields left out inherit the tier defaults. */
  document: policyDocumentSchema,
  comment: policyCommentSchema.optional(),
  /**
   * The version the change was based on (`currentVersion` of GET …/policy; null when there was none). Any other
   * current version is a 409: someone else changed the policy in between, so reload and re-apply.
   */
  expectedVersion: policyVersionNumberSchema.nullable(),
});

export const restorePolicyVersionRequestSchema = z.strictObject({
  comment: policyCommentSchema.optional(),
  /** Optional here: when given, a different current version is a 409, as for a new version. */
  expectedVersion: policyVersionNumberSchema.nullable().optional(),
});

export const listPolicyVersionsQuerySchema = z.strictObject({
  ...paginationQueryShape,
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a cursor returned by a previous page')
    .optional(),
});

/** A tier's default policy, which platform admins edit. */
export const tierPolicySchema = z.object({
  tierId: z.string(),
  document: policyDocumentSchema,
  /** Null while the tier has no defaults yet. */
  updatedAt: isoDateTimeSchema.nullable(),
});

export const updateTierPolicyRequestSchema = z.strictObject({
  /** The whole new defaults document (not a patch). */
  document: policyDocumentSchema,
});

const policyPath = '/api/tenants/:tenantSlug/policy';
const versionsPath = `${policyPath}/versions`;
const versionPath = `${versionsPath}/:version`;

/**
 * Tenant policies: immutable numbered versions. Every member reads them; only platform admins write them. A new
 * version identical to the current one is refused (400): history lists real changes only. Each change reaches every
 * gateway within a second.
 */
export const policiesContract = {
  get: defineEndpoint({
    method: 'GET',
    path: policyPath,
    summary: "The tenant's current version, its document, the tier defaults and the effective policy.",
    successStatus: 200,
    response: tenantPolicySchema,
  }),
  listVersions: defineEndpoint({
    method: 'GET',
    path: versionsPath,
    summary: 'Versions of the policy, newest first, with author and comment.',
    successStatus: 200,
    query: listPolicyVersionsQuerySchema,
    response: pageSchema(policyVersionSummarySchema),
  }),
  getVersion: defineEndpoint({
    method: 'GET',
    path: versionPath,
    summary: 'One version: its document and its changes against the previous version.',
    successStatus: 200,
    response: policyVersionSchema,
  }),
  createVersion: defineEndpoint({
    method: 'POST',
    path: versionsPath,
    summary: 'Creates the next version (platform admins; 409 when expectedVersion is not the current one).',
    successStatus: 201,
    body: createPolicyVersionRequestSchema,
    response: policyVersionSchema,
  }),
  restoreVersion: defineEndpoint({
    method: 'POST',
    path: `${versionPath}/restore`,
    summary: "Creates the next version with an earlier version's document (platform admins).",
    successStatus: 201,
    body: restorePolicyVersionRequestSchema,
    response: policyVersionSchema,
  }),
};

const tierPolicyPath = '/api/admin/tiers/:tierId/policy';

/** Default policies of the SLA tiers (platform admins only). */
export const tierPoliciesContract = {
  get: defineEndpoint({
    method: 'GET',
    path: tierPolicyPath,
    summary: "A tier's default policy.",
    successStatus: 200,
    response: tierPolicySchema,
  }),
  update: defineEndpoint({
    method: 'PUT',
    path: tierPolicyPath,
    summary: "Replaces a tier's default policy; every tenant of the tier is affected at once.",
    successStatus: 200,
    body: updateTierPolicyRequestSchema,
    response: tierPolicySchema,
  }),
};

export type TenantPolicyView = z.infer<typeof tenantPolicySchema>;
export type PolicyVersionSummary = z.infer<typeof policyVersionSummarySchema>;
export type PolicyVersionView = z.infer<typeof policyVersionSchema>;
export type TierPolicyView = z.infer<typeof tierPolicySchema>;
export type CreatePolicyVersionRequest = z.output<typeof createPolicyVersionRequestSchema>;
export type RestorePolicyVersionRequest = z.output<typeof restorePolicyVersionRequestSchema>;
export type ListPolicyVersionsQuery = z.output<typeof listPolicyVersionsQuerySchema>;
