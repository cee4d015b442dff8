import type { ResolvedDeployment, ResolvedRoute } from '../../catalog/route-catalog';
import { hashString } from './hash';
import type { Random, RoutingRequest, RoutingStrategy } from './routing-strategy';

const UINT32_RANGE = 2 ** 32;

/**
 * `weighted`: each request's pick follows the deployments' weights (A/B tests, canaries), and so do its fallbacks.
 * Weight 0 takes no first-choice traffic and serves only as a fallback. A request that names an end user (OpenAI
 * `user`, Anthropic `metadata.user_id`, or the `x-llmguard-end-user` header) is sticky unless the route turns
 * `sticky.enabled` off: the order comes from a hash of (route, user), so a user stays in one variant.
 */
export class WeightedStrategy implements RoutingStrategy {
  constructor(private readonly random: Random = Math.random) {}

  order(group: ResolvedDeployment[], route: ResolvedRoute, request: RoutingRequest): ResolvedDeployment[] {
    if (request.endUser !== null && route.config.sticky.enabled) {
      return stickyOrder(group, hashString(request.endUser, hashString(route.id)));
    }
    return weightedRandomOrder(group, this.random);
  }
}

/** Weighted sampling without replacement (each pick in proportion to the weights left), weight 0 last. */
export function weightedRandomOrder(group: ResolvedDeployment[], random: Random): ResolvedDeployment[] {
  const ordered: ResolvedDeployment[] = [];
  let total = group.reduce((sum, deployment) => sum + Math.max(0, deployment.weight), 0);
  while (group.length > 0 && total > 0) {
    let ticket = random() * total;
    let index = group.findIndex((deployment) => (ticket -= Math.max(0, deployment.weight)) < 0);
    if (index < 0) index = group.findLastIndex((deployment) => deployment.weight > 0);
    const [picked] = group.splice(index, 1);
    if (!picked) break;
    total -= Math.max(0, picked.weight);
    ordered.push(picked);
  }
  ordered.push(...group);
  return ordered;
}

/**
 * Weighted rendezvous hashing (Schindelhauer and Schomaker): each deployment draws u in (0, 1) from a hash of
 * (user, deployment) and scores -ln(u) / weight; the lowest score wins. A user's pick is the same on every instance
 * and every request, users spread over deployments in proportion to the weights, and changing one weight moves only
 * users to or from that deployment. Weight 0 scores Infinity: a fallback only, after the others.
 */
export function stickyOrder(group: ResolvedDeployment[], userHash: number): ResolvedDeployment[] {
  const scores = new Map<ResolvedDeployment, number>();
  for (const deployment of group) {
    const draw = (hashString(deployment.id, userHash) + 0.5) / UINT32_RANGE;
    scores.set(deployment, deployment.weight > 0 ? -Math.log(draw) / deployment.weight : Infinity);
  }
  return group.sort((a, b) => (scores.get(a) ?? Infinity) - (scores.get(b) ?? Infinity));
}
