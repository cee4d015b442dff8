import type { Deployment } from '@llmguard/db';
import {
  routeStrategySchema,
  upstreamTimeoutsSchema,
  type DeploymentView,
  type RouteVersionSummary,
  type RouteView,
} from '@llmguard/shared';
import type { ModelRouteVersion } from '@llmguard/db';
import type { DeploymentSnapshot, RouteSnapshot, RouteWithDeployments } from './route-snapshot';

/** Timeout overrides as stored JSON; anything that is not a valid override object shows as none. */
function timeoutsOf(value: unknown): RouteView['timeouts'] {
  const parsed = upstreamTimeoutsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A deployment without its credential: whether there is one, and at most its last four characters. */
function deploymentView(deployment: Deployment | DeploymentSnapshot): DeploymentView {
  return {
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
    apiVersion: deployment.apiVersion,
    timeouts: timeoutsOf(deployment.timeouts),
    enabled: deployment.enabled,
    hasCredential: deployment.encryptedCredential !== null,
    credentialLastFour: deployment.encryptedCredential === null ? null : deployment.credentialLastFour,
  };
}

const byPriorityThenName = (a: DeploymentView, b: DeploymentView) =>
  a.priority - b.priority || a.name.localeCompare(b.name);

/** The API view of a route (also what the audit log records): never a credential or its sealed value. */
export function toRouteView(route: RouteWithDeployments): RouteView {
  return {
    ...routeFieldsView(route.id, route.tenantId, route.version, snapshotFields(route)),
    deployments: route.deployments.map(deploymentView).sort(byPriorityThenName),
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
  };
}

/** The route a version recorded, in the same shape as the live view (without its timestamps). */
export function toSnapshotView(
  version: ModelRouteVersion,
  snapshot: RouteSnapshot,
): Omit<RouteView, 'createdAt' | 'updatedAt'> {
  return {
    ...routeFieldsView(version.routeId, version.tenantId, version.version, snapshot),
    deployments: snapshot.deployments.map(deploymentView).sort(byPriorityThenName),
  };
}

export function toVersionSummary(version: ModelRouteVersion): RouteVersionSummary {
  return {
    routeId: version.routeId,
    version: version.version,
    action: version.action as RouteVersionSummary['action'],
    restoredFromVersion: version.restoredFromVersion,
    comment: version.comment,
    author: { type: version.authorType, id: version.authorId },
    createdAt: version.createdAt.toISOString(),
  };
}

type RouteFields = Pick<RouteSnapshot, 'alias' | 'strategy' | 'description' | 'enabled' | 'config'>;

function snapshotFields(route: RouteWithDeployments): RouteFields {
  return {
    alias: route.alias,
    strategy: route.strategy,
    description: route.description,
    enabled: route.enabled,
    config: route.config as RouteFields['config'],
  };
}

function routeFieldsView(id: string, tenantId: string | null, version: number, fields: RouteFields) {
  const strategy = routeStrategySchema.safeParse(fields.strategy);
  return {
    id,
    tenantId,
    alias: fields.alias,
    // Strategies are text in the database; an unknown one (written outside the API) shows as `weighted`.
    strategy: strategy.success ? strategy.data : ('weighted' as const),
    description: fields.description,
    enabled: fields.enabled,
    timeouts: timeoutsOf((fields.config as { timeouts?: unknown } | null)?.timeouts),
    version,
  };
}
