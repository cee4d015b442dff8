import type { Deployment } from '@llmguard/db';
import type { RouteVariant, RouteVariantSettings } from '@llmguard/shared';
import type { VariantUsage } from './route-variants.repository';

/** The report's body once the route and its usage are read: the total and one entry per variant. */
export type VariantsReport = { requests: number; variants: RouteVariant[] };

/**
 * Joins what the route is configured to do (its deployments now, in its order) with what its deployments did (usage
 * per deployment id). Deployments without traffic get zeros; deployments no longer on the route that answered in the
 * range come last, most requests first, under the name they last recorded (`latestNames`, else their only one).
 */
export function buildVariantsReport(
  deployments: readonly Deployment[],
  usage: readonly VariantUsage[],
  latestNames: ReadonlyMap<string, string>,
): VariantsReport {
  const requests = usage.reduce((sum, variant) => sum + variant.requests, 0);
  const usageById = new Map(usage.map((variant) => [variant.deploymentId, variant]));
  const weightsByPriority = enabledWeightsByPriority(deployments);
  const current = deployments.map((deployment) =>
    variantOf(
      deployment.id,
      deployment.name,
      settingsOf(deployment, weightsByPriority),
      usageById.get(deployment.id),
      requests,
    ),
  );
  const onRoute = new Set(deployments.map((deployment) => deployment.id));
  const removed = usage
    .filter((variant) => !onRoute.has(variant.deploymentId))
    .sort((a, b) => b.requests - a.requests || a.deploymentId.localeCompare(b.deploymentId))
    .map((variant) => {
      const name = latestNames.get(variant.deploymentId) ?? variant.recordedNames[0] ?? variant.deploymentId;
      return variantOf(variant.deploymentId, name, null, variant, requests);
    });
  return { requests, variants: [...current, ...removed] };
}

function variantOf(
  deploymentId: string,
  name: string,
  settings: RouteVariantSettings | null,
  usage: VariantUsage | undefined,
  routeRequests: number,
): RouteVariant {
  const requests = usage?.requests ?? 0;
  const errors = usage?.errors ?? 0;
  return {
    deploymentId,
    name,
    recordedNames: usage?.recordedNames ?? [],
    settings,
    requests,
    trafficShare: routeRequests === 0 ? 0 : requests / routeRequests,
    errors,
    errorRate: requests === 0 ? 0 : errors / requests,
    latencyMsP50: wholeMs(usage?.latencyMs?.p50),
    latencyMsP95: wholeMs(usage?.latencyMs?.p95),
    ttftMsP50: wholeMs(usage?.ttftMs?.p50),
    ttftMsP95: wholeMs(usage?.ttftMs?.p95),
    inputTokens: usage?.inputTokens ?? '0',
    outputTokens: usage?.outputTokens ?? '0',
    costMicros: usage?.costMicros ?? '0',
  };
}

/** The summed weight of the enabled deployments of each priority (the group `weighted` picks within). */
function enabledWeightsByPriority(deployments: readonly Deployment[]): Map<number, number> {
  const sums = new Map<number, number>();
  for (const deployment of deployments)
    if (deployment.enabled)
      sums.set(deployment.priority, (sums.get(deployment.priority) ?? 0) + deployment.weight);
  return sums;
}

function settingsOf(
  deployment: Deployment,
  weightsByPriority: ReadonlyMap<number, number>,
): RouteVariantSettings {
  const groupWeight = weightsByPriority.get(deployment.priority) ?? 0;
  return {
    weight: deployment.weight,
    priority: deployment.priority,
    enabled: deployment.enabled,
    weightShare: deployment.enabled && groupWeight > 0 ? deployment.weight / groupWeight : 0,
  };
}

function wholeMs(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value);
}
