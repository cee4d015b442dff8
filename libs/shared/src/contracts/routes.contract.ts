import { z } from 'zod';
import { isoDateTimeSchema, pageSchema, paginationQueryShape, prefixedIdSchema } from './common.schemas';
import { defineEndpoint } from './endpoint';
import { routeConfigSchema } from './route-config';
import { routeVariantSchema, routeVariantsQuerySchema } from './route-variants';

// Model routes: a model alias clients send and the deployments (upstreams) it spreads traffic over. Tenants manage
// their own routes, platform admins the platform-wide ones (tenant routes win over platform routes of one alias).
// Every change is a new immutable version; any version can be restored. Credentials are write-only.

/** How a route picks among its deployments (routing stages implement them; text in the database). */
export const routeStrategySchema = z.enum([
  'weighted',
  'round_robin',
  'least_busy',
  'lowest_latency',
  'lowest_cost',
  'prefix_affinity',
]);

/** Wire format spoken to the upstream; `openai` covers every OpenAI-compatible server (vLLM, TGI, Ollama…). */
export const providerSchema = z.enum(['openai', 'anthropic', 'azure_openai', 'gemini']);

// Control characters would end up in audit JSON (Postgres jsonb rejects \u0000) and confuse displays; line breaks
// are fine in a comment or description.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_BUT_NEWLINES = /[\u0000-\u0009\u000b-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The model name clients send: starts with a letter or digit, then letters, digits and `. _ - : / @`. */
export const routeAliasSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/,
    'must start with a letter or digit and use only letters, digits and . _ - : / @',
  );

/** A deployment's name, unique within its route; shown in metrics and usage. */
export const deploymentNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must start with a letter or digit and use only letters, digits and . _ -',
  );

/** An upstream base URL: http or https, without user info (credentials go in `credential`) or fragment. */
export const upstreamBaseUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.hash === '';
  }, 'must not contain user:password@ or a #fragment (put the key in credential)');

/** Why a change was made, shown in the route's history. */
export const routeCommentSchema = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((comment) => !CONTROL_CHARACTERS_BUT_NEWLINES.test(comment), 'must not contain control characters');

const timeoutMs = z.number().int().min(1).max(3_600_000);

/** Overrides of the gateway's upstream timeouts; absent fields keep the defaults (5 s / 60 s / 60 s / 600 s). */
export const upstreamTimeoutsSchema = z.strictObject({
  connectMs: timeoutMs.optional(),
  firstByteMs: timeoutMs.optional(),
  idleMs: timeoutMs.optional(),
  totalMs: timeoutMs.optional(),
});

/** USD micros per one million tokens (150000 = $0.15 / 1M); at most $1,000,000 per million tokens. */
const priceMicrosPerMillion = z.number().int().min(0).max(1_000_000_000_000);

const tagSchema = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/, 'must be lower-case letters, digits and . _ : -');

/**
 * A provider key. Write-only: answers show only `hasCredential` and, for long keys, the last four characters. It is
 * sealed at rest with envelope encryption, bound to its deployment.
 */
export const credentialSchema = z
  .string()
  .min(1)
  .max(8192)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');

/** One deployment as written in a route body. */
export const deploymentInputSchema = z.strictObject({
  name: deploymentNameSchema,
  provider: providerSchema,
  baseUrl: upstreamBaseUrlSchema,
  /** Model name sent upstream (Azure: the deployment name). */
  upstreamModel: z.string().min(1).max(200).regex(/^\S+$/, 'must not contain whitespace'),
  /** Share of traffic under `weighted`, relative to the route's other deployments; 0 = none. */
  weight: z.number().int().min(0).max(10_000).default(1),
  /** Fallback order: lower is tried first. */
  priority: z.number().int().min(0).max(100).default(0),
  /** Where the upstream runs, e.g. `us-east`, `eu-west`, `local`. */
  region: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and -')
    .nullable()
    .default(null),
  tags: z
    .array(tagSchema)
    .max(20)
    .default([])
    .transform((tags) => [...new Set(tags)]),
  inputPriceMicrosPerMillion: priceMicrosPerMillion,
  outputPriceMicrosPerMillion: priceMicrosPerMillion,
  /** Defaults to the input price. */
  cachedInputPriceMicrosPerMillion: priceMicrosPerMillion.optional(),
  /** Azure OpenAI `api-version`, e.g. `2024-10-21`. */
  apiVersion: z
    .string()
    .min(1)
    .max(50)
    .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits and . _ -')
    .nullable()
    .default(null),
  timeouts: upstreamTimeoutsSchema.nullable().default(null),
  /**
   * Requests in flight at once on this deployment, across every gateway instance; beyond it requests wait in a
   * bounded queue ordered by tenant tier and fair share. Null = no ceiling.
   */
  maxConcurrentRequests: z.number().int().min(1).max(100_000).nullable().default(null),
  enabled: z.boolean().default(true),
  /**
   * A string sets the key, null removes it. Omitted: on update, a deployment of the same name keeps its key; a new
   * deployment has none.
   */
  credential: credentialSchema.nullable().optional(),
});

/** Names unique, and at least one enabled deployment, each issue at its field. */
function checkDeployments(deployments: z.output<typeof deploymentInputSchema>[], context: z.RefinementCtx) {
  const seen = new Set<string>();
  deployments.forEach((deployment, index) => {
    if (seen.has(deployment.name))
      context.addIssue({
        code: 'custom',
        path: ['deployments', index, 'name'],
        message: `repeats "${deployment.name}"; names must be unique within a route`,
      });
    seen.add(deployment.name);
  });
  if (!deployments.some((deployment) => deployment.enabled))
    context.addIssue({
      code: 'custom',
      path: ['deployments'],
      message: 'must contain at least one enabled deployment',
    });
}

const deploymentsSchema = z.array(deploymentInputSchema).min(1).max(20);
const descriptionSchema = z
  .string()
  .trim()
  .max(500)
  .refine((value) => !CONTROL_CHARACTERS_BUT_NEWLINES.test(value), 'must not contain control characters');

export const createRouteRequestSchema = z
  .strictObject({
    alias: routeAliasSchema,
    strategy: routeStrategySchema.default('weighted'),
    description: descriptionSchema.nullable().default(null),
    /** A disabled route is not served (a tenant's disabled route lets the platform route of its alias show). */
    enabled: z.boolean().default(true),
    /** Route-wide timeout overrides, under each deployment's own. */
    timeouts: upstreamTimeoutsSchema.nullable().default(null),
    /** Strategy settings (prefix affinity, latency averaging, sticky end users); absent fields take defaults. */
    config: routeConfigSchema.default({}),
    deployments: deploymentsSchema,
    comment: routeCommentSchema.optional(),
  })
  .superRefine((body, context) => checkDeployments(body.deployments, context));

export const updateRouteRequestSchema = z
  .strictObject({
    alias: routeAliasSchema.optional(),
    strategy: routeStrategySchema.optional(),
    description: descriptionSchema.nullable().optional(),
    enabled: z.boolean().optional(),
    timeouts: upstreamTimeoutsSchema.nullable().optional(),
    /** The whole strategy settings object, replacing the current one (`{}` resets every default). */
    config: routeConfigSchema.optional(),
    /** The whole list: deployments are matched by name, those left out are removed. */
    deployments: deploymentsSchema.optional(),
    comment: routeCommentSchema.optional(),
    /** When given, a route whose current version differs is a 409: someone changed it in between. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .superRefine((body, context) => {
    const { comment: _comment, expectedVersion: _expected, ...changes } = body;
    if (!Object.values(changes).some((value) => value !== undefined))
      context.addIssue({ code: 'custom', path: [], message: 'must change at least one field' });
    if (body.deployments) checkDeployments(body.deployments, context);
  });

export const deleteRouteQuerySchema = z.strictObject({ comment: routeCommentSchema.optional() });

export const restoreRouteVersionRequestSchema = z.strictObject({ comment: routeCommentSchema.optional() });

export const listRoutesQuerySchema = z.strictObject({ ...paginationQueryShape });

export const listRouteVersionsQuerySchema = z.strictObject({
  ...paginationQueryShape,
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be a cursor returned by a previous page')
    .optional(),
});

/** `:version` in a path: digits, parsed to a number. */
export const routeVersionParamSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, 'must be a version number (1, 2, 3…)')
  .transform(Number);

/** The path parameters of a version endpoint, as the server validates them (other parameters pass through). */
export const routeVersionParamsSchema = z.object({ version: routeVersionParamSchema });

/** A deployment as answers show it: never the credential, only whether there is one and its last four characters. */
export const deploymentSchema = z.object({
  id: prefixedIdSchema('dep'),
  name: z.string(),
  provider: providerSchema,
  baseUrl: z.string(),
  upstreamModel: z.string(),
  weight: z.number().int(),
  priority: z.number().int(),
  region: z.string().nullable(),
  tags: z.array(z.string()),
  inputPriceMicrosPerMillion: z.number().int(),
  outputPriceMicrosPerMillion: z.number().int(),
  cachedInputPriceMicrosPerMillion: z.number().int(),
  apiVersion: z.string().nullable(),
  timeouts: upstreamTimeoutsSchema.nullable(),
  maxConcurrentRequests: z.number().int().nullable(),
  enabled: z.boolean(),
  hasCredential: z.boolean(),
  /** Null without a credential, or when it is too short for its end to be shown safely. */
  credentialLastFour: z.string().nullable(),
});

/** A route with its deployments. */
export const routeSchema = z.object({
  id: prefixedIdSchema('rte'),
  /** Null for a platform route. */
  tenantId: z.string().nullable(),
  alias: z.string(),
  strategy: routeStrategySchema,
  description: z.string().nullable(),
  enabled: z.boolean(),
  timeouts: upstreamTimeoutsSchema.nullable(),
  /** Strategy settings as written; absent fields take their defaults. */
  config: routeConfigSchema,
  deployments: z.array(deploymentSchema),
  /** The current version number (see the route's versions). */
  version: z.number().int().min(1),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});

export const routeVersionActionSchema = z.enum(['created', 'updated', 'deleted', 'restored']);

/** One entry of a route's history. */
export const routeVersionSummarySchema = z.object({
  routeId: z.string(),
  version: z.number().int().min(1),
  action: routeVersionActionSchema,
  /** For `restored`: the version whose snapshot was restored. */
  restoredFromVersion: z.number().int().nullable(),
  comment: z.string().nullable(),
  /** Who made the change: a user, a management key, or the system (null id). */
  author: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable() }),
  createdAt: isoDateTimeSchema,
});

/** One version with the route as it was after that change (for `deleted`: as it was when deleted). */
export const routeVersionSchema = routeVersionSummarySchema.extend({
  route: routeSchema.omit({ createdAt: true, updatedAt: true }),
});

/** A route's variants report: each deployment's traffic, errors, latency, tokens and cost over a range. */
export const routeVariantsResponseSchema = z.object({
  routeId: z.string(),
  alias: z.string(),
  /** Weights steer traffic only under `weighted`; other strategies show them for reference. */
  strategy: routeStrategySchema,
  from: isoDateTimeSchema,
  to: isoDateTimeSchema,
  /** Requests the route's deployments answered in the range (requests refused before any deployment are not here). */
  requests: z.number().int().nonnegative(),
  /**
   * The route's deployments now (in its order: priority, then name), each with its usage (zeros without traffic), then
   * deployments since removed that answered requests in the range, most requests first.
   */
  variants: z.array(routeVariantSchema),
});

const tenantRoutesPath = '/api/tenants/:tenantSlug/routes';
const platformRoutesPath = '/api/admin/routes';

/** The endpoints of one family of routes (tenant or platform), under a base path. */
function routeEndpoints<const Base extends string>(base: Base, owner: string) {
  const routePath = `${base}/:routeId` as const;
  const versionsPath = `${routePath}/versions` as const;
  const versionPath = `${versionsPath}/:version` as const;
  return {
    list: defineEndpoint({
      method: 'GET',
      path: base,
      summary: `${owner} routes by alias, with their deployments.`,
      successStatus: 200,
      query: listRoutesQuerySchema,
      response: pageSchema(routeSchema),
    }),
    get: defineEndpoint({
      method: 'GET',
      path: routePath,
      summary: 'One route.',
      successStatus: 200,
      response: routeSchema,
    }),
    create: defineEndpoint({
      method: 'POST',
      path: base,
      summary: 'Creates a route (version 1); it is served by every gateway within a second.',
      successStatus: 201,
      body: createRouteRequestSchema,
      response: routeSchema,
    }),
    update: defineEndpoint({
      method: 'PATCH',
      path: routePath,
      summary: 'Changes a route (a new version); deployments are replaced as a whole list, matched by name.',
      successStatus: 200,
      body: updateRouteRequestSchema,
      response: routeSchema,
    }),
    delete: defineEndpoint({
      method: 'DELETE',
      path: routePath,
      summary: 'Deletes a route; its history stays and a version can restore it.',
      successStatus: 204,
      query: deleteRouteQuerySchema,
    }),
    listVersions: defineEndpoint({
      method: 'GET',
      path: versionsPath,
      summary: 'Versions of a route (deleted routes too), newest first.',
      successStatus: 200,
      query: listRouteVersionsQuerySchema,
      response: pageSchema(routeVersionSummarySchema),
    }),
    getVersion: defineEndpoint({
      method: 'GET',
      path: versionPath,
      summary: 'One version with the route as it was then.',
      successStatus: 200,
      response: routeVersionSchema,
    }),
    restoreVersion: defineEndpoint({
      method: 'POST',
      path: `${versionPath}/restore`,
      summary: "Makes a version's snapshot current again, as a new version (recreates a deleted route).",
      successStatus: 200,
      body: restoreRouteVersionRequestSchema,
      response: routeSchema,
    }),
    variants: defineEndpoint({
      method: 'GET',
      path: `${routePath}/variants`,
      summary:
        "A/B report: per deployment, requests and traffic share, errors, latency and TTFT percentiles, tokens and cost over a range, beside the route's current weights.",
      successStatus: 200,
      query: routeVariantsQuerySchema,
      response: routeVariantsResponseSchema,
    }),
  };
}

/** A tenant's own routes: members with route.read see them, owners and admins change them. */
export const tenantRoutesContract = routeEndpoints(tenantRoutesPath, "The tenant's");

/** Platform-wide routes (tenant_id null), offered to every tenant: platform admins only. */
export const platformRoutesContract = routeEndpoints(platformRoutesPath, 'Platform');

export type RouteView = z.infer<typeof routeSchema>;
export type DeploymentView = z.infer<typeof deploymentSchema>;
export type RouteVersionSummary = z.infer<typeof routeVersionSummarySchema>;
export type RouteVersionView = z.infer<typeof routeVersionSchema>;
export type RouteVersionAction = z.infer<typeof routeVersionActionSchema>;
export type DeploymentInput = z.output<typeof deploymentInputSchema>;
export type CreateRouteRequest = z.output<typeof createRouteRequestSchema>;
export type UpdateRouteRequest = z.output<typeof updateRouteRequestSchema>;
export type RestoreRouteVersionRequest = z.output<typeof restoreRouteVersionRequestSchema>;
export type UpstreamTimeoutsOverrides = z.output<typeof upstreamTimeoutsSchema>;
export type RouteStrategy = z.infer<typeof routeStrategySchema>;
export type RouteVariantsResponse = z.infer<typeof routeVariantsResponseSchema>;
