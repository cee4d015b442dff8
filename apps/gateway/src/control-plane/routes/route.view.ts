import type { ModelRouteVersion } from '@llmguard/db';
import {
  routeStrategySchema,
  storedRouteConfig,
  upstreamTimeoutsSchema,
  type DeploymentView,
  type RouteVersionSummary,
  type RouteView,
} from '@llmguard/shared';
import {
  snapshotOf,
  type DeploymentSnapshot,
  type RouteSnapshot,
  type RouteWithDeployments,
} from './route-snapshot';

/** Timeout overrides as stored JSON; anything that is not a valid override object shows as none. */
function timeoutsOf(value: unknown): RouteView['timeouts'] {
  const parsed = upstreamTimeoutsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * A deployment without its credential: whether there is one, and at most its last four characters. Fields are listed,
 * not spread, so a field added to the snapshot (such as a sealed value) never reaches an answer or the audit log.
 */
function deploymentView(deployment: DeploymentSnapshot): DeploymentView {
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
    inputPriceMicrosPerMillion: deployment.inputPriceMicrosPerMillion,
    outputPriceMicrosPerMillion: deployment.outputPriceMicrosPerMillion,
    cachedInputPriceMicrosPerMillion: deployment.cachedInputPriceMicrosPerMillion,
    apiVersion: deployment.apiVersion,
    timeouts: timeoutsOf(deployment.timeouts),
    maxConcurrentRequests: deployment.maxConcurrentRequests,
    enabled: deployment.enabled,
    hasCredential: deployment.encryptedCredential !== null,
    credentialLastFour: deployment.encryptedCredential === null ? null : deployment.credentialLastFour,
  };
}

const byPriorityThenName = (a: DeploymentView, b: DeploymentView) =>
  a.priority - b.priority || a.name.localeCompare(b.name);

/** Which route, and at which version, a snapshot is shown as. */
type SnapshotIdentity = { id: string; tenantId: string | null; version: number };

/** A route state (live or recorded) in the API's shape, without timestamps. */
function snapshotView(
  identity: SnapshotIdentity,
  snapshot: RouteSnapshot,
): Omit<RouteView, 'createdAt' | 'updatedAt'> {
  const strategy = routeStrategySchema.safeParse(snapshot.strategy);
  return {
    id: identity.id,
    tenantId: identity.tenantId,
    alias: snapshot.alias,
    // Strategies are text in the database; an unknown one (written outside the API) shows as `weighted`.
    strategy: strategy.success ? strategy.data : 'weighted',
    description: snapshot.description,
    enabled: snapshot.enabled,
    timeouts: timeoutsOf((snapshot.config as { timeouts?: unknown } | null)?.timeouts),
    config: storedRouteConfig(snapshot.config),
    deployments: snapshot.deployments.map(deploymentView).sort(byPriorityThenName),
    version: identity.version,
  };
}

/**
 * The API view of a route (also what the audit log records): never a credential or its sealed value. Built from the
 * route's snapshot, so the live view and a recorded version's view cannot drift apart.
 */
export function toRouteView(route: RouteWithDeployments): RouteView {
  return {
    ...snapshotView({ id: route.id, tenantId: route.tenantId, version: route.version }, snapshotOf(route)),
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
  };
}

/** The route a version recorded, in the same shape as the live view (without its timestamps). */
export function toSnapshotView(
  version: ModelRouteVersion,
  snapshot: RouteSnapshot,
): Omit<RouteView, 'createdAt' | 'updatedAt'> {
  return snapshotView(
    { id: version.routeId, tenantId: version.tenantId, version: version.version },
    snapshot,
  );
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
