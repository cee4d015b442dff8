import { z } from 'zod';
import type { Deployment, ModelRoute } from '@llmguard/db';
import { providerSchema } from '@llmguard/shared';

/** A route row with its deployments, as the repository returns it. */
export type RouteWithDeployments = ModelRoute & { deployments: Deployment[] };

const snapshotDeploymentSchema = z.object({
  id: z.string(),
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
  /** The sealed value exactly as stored (bound to `id`), never the plaintext. */
  encryptedCredential: z.string().nullable(),
  credentialLastFour: z.string().nullable(),
  apiVersion: z.string().nullable(),
  enabled: z.boolean(),
  timeouts: z.json().nullable(),
  /** Absent in versions written before the field existed: no ceiling. */
  maxConcurrentRequests: z.number().int().nullable().default(null),
});

/**
 * What a route version stores in model_route_versions.snapshot: every route and deployment field needed to make that
 * state current again. The init of route versions (migration 20261125190400) writes the same shape in SQL.
 */
export const routeSnapshotSchema = z.object({
  alias: z.string(),
  strategy: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  config: z.json(),
  deployments: z.array(snapshotDeploymentSchema),
});

export type RouteSnapshot = z.infer<typeof routeSnapshotSchema>;
export type DeploymentSnapshot = z.infer<typeof snapshotDeploymentSchema>;

/** The snapshot of a route as it is now; prices become numbers (the contract bounds them well below 2^53). */
export function snapshotOf(route: RouteWithDeployments): RouteSnapshot {
  return {
    alias: route.alias,
    strategy: route.strategy,
    description: route.description,
    enabled: route.enabled,
    config: (route.config ?? {}) as z.infer<typeof routeSnapshotSchema>['config'],
    deployments: route.deployments.map((deployment) => ({
      id: deployment.id,
      name: deployment.name,
      provider: deployment.provider,
      baseUrl: deployment.baseUrl,
      upstreamModel: deployment.upstreamModel,
      weight: deployment.weight,
      priority: deployment.priority,
      region: deployment.region,
      tags: deployment.tags,
      inputPriceMicrosPerMillion: Number(deployment.inputPriceMicrosPerMillion),
      outputPriceMicrosPerMillion: Number(deployment.outputPriceMicrosPerMillion),
      cachedInputPriceMicrosPerMillion: Number(deployment.cachedInputPriceMicrosPerMillion),
      encryptedCredential: deployment.encryptedCredential,
      credentialLastFour: deployment.credentialLastFour,
      apiVersion: deployment.apiVersion,
      enabled: deployment.enabled,
      timeouts: (deployment.timeouts ?? null) as DeploymentSnapshot['timeouts'],
      maxConcurrentRequests: deployment.maxConcurrentRequests,
    })),
  };
}

/** Reads a stored snapshot; a row that does not match is a bug or a tampered table, so it fails loudly. */
export function parseSnapshot(value: unknown): RouteSnapshot {
  return routeSnapshotSchema.parse(value);
}
