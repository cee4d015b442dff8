import type { ResolvedDeployment } from '../catalog/route-catalog';

/**
 * The order in which a request tries a route's deployments: by priority (lower first); within one priority,
 * a weighted random order (the weighted strategy: the first pick follows the weights, the rest are the
 * fallbacks in weighted order too). Deployments of weight 0 take no first-choice traffic and serve only as
 * fallbacks of their priority. Expects `deployments` sorted by priority, as the route catalog keeps them.
 */
export function orderCandidates(
  deployments: readonly ResolvedDeployment[],
  random: () => number = Math.random,
): ResolvedDeployment[] {
  // One deployment, or one per priority: the order is already known (the common case allocates nothing more).
  if (deployments.length <= 1) return deployments.slice();
  const ordered: ResolvedDeployment[] = [];
  let start = 0;
  while (start < deployments.length) {
    const priority = deployments[start]?.priority;
    let end = start + 1;
    while (end < deployments.length && deployments[end]?.priority === priority) end += 1;
    appendWeightedOrder(deployments.slice(start, end), random, ordered);
    start = end;
  }
  return ordered;
}

/** Weighted sampling without replacement (each pick in proportion to the weights left), weight 0 last. */
function appendWeightedOrder(
  group: ResolvedDeployment[],
  random: () => number,
  into: ResolvedDeployment[],
): void {
  let total = group.reduce((sum, deployment) => sum + Math.max(0, deployment.weight), 0);
  while (group.length > 0 && total > 0) {
    let ticket = random() * total;
    let index = group.findIndex((deployment) => (ticket -= Math.max(0, deployment.weight)) < 0);
    if (index < 0) index = group.findLastIndex((deployment) => deployment.weight > 0);
    const [picked] = group.splice(index, 1);
    if (!picked) break;
    total -= Math.max(0, picked.weight);
    into.push(picked);
  }
  into.push(...group);
}

const CONTEXT_TAG = /^context:(\d{1,9})$/;

/** A deployment's context window in tokens, from a `context:<tokens>` tag (e.g. `context:128000`); unknown = undefined. */
export function contextWindowOf(deployment: ResolvedDeployment): number | undefined {
  for (const tag of deployment.tags) {
    const match = CONTEXT_TAG.exec(tag);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

/**
 * Whether `candidate` may take a request that `failed` refused as too long: only when both windows are known and
 * the candidate's is larger. Otherwise the same prompt would fail again, so it is not retried.
 */
export function hasLargerContext(candidate: ResolvedDeployment, failed: ResolvedDeployment): boolean {
  const failedWindow = contextWindowOf(failed);
  const candidateWindow = contextWindowOf(candidate);
  return failedWindow !== undefined && candidateWindow !== undefined && candidateWindow > failedWindow;
}
