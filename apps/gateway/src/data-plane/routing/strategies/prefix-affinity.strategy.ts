import type { ResolvedDeployment, ResolvedRoute } from '../../catalog/route-catalog';
import type { LoadView } from './deployment-load';
import { HashRing } from './hash-ring';
import { promptPrefixKey } from './prompt-prefix';
import type { RoutingRequest, RoutingStrategy } from './routing-strategy';

/**
 * `prefix_affinity`: requests whose prompts share their leading part (see promptPrefixKey: the system prompt and
 * earlier turns, up to `prefixAffinity.prefixChars` characters) go to the same deployment, so its prefix (KV) cache
 * is reused. The deployment is the key's owner on a consistent-hash ring of the route's deployments, with bounded
 * load (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing with Bounded Loads"): a deployment takes the key only
 * while its requests in flight are below ceil(loadFactor × (in flight + 1) / deployments); otherwise the key goes on
 * clockwise to the next one. The fallbacks are the next deployments on the ring (those below the bound first). Load
 * is this instance's; weights do not apply. Written here rather than taken from a library: the npm rings (hashring,
 * consistent-hash) hash with MD5 per lookup and know nothing of load, and the bounded walk is the point.
 */
export class PrefixAffinityStrategy implements RoutingStrategy {
  /** One ring per route version: the catalog hands out a new deployments array when the route changes. */
  private readonly rings = new WeakMap<readonly ResolvedDeployment[], HashRing<ResolvedDeployment>>();

  constructor(private readonly load: LoadView) {}

  order(group: ResolvedDeployment[], route: ResolvedRoute, request: RoutingRequest): ResolvedDeployment[] {
    const { prefixChars, loadFactor } = route.config.prefixAffinity;
    const onRing = this.ringOf(route).walk(promptPrefixKey(request.body, prefixChars), group);
    let inFlight = 0;
    for (const deployment of group) inFlight += this.load.inFlightOf(deployment.id);
    const bound = Math.ceil((loadFactor * (inFlight + 1)) / group.length);
    const below = onRing.filter((deployment) => this.load.inFlightOf(deployment.id) < bound);
    if (below.length === onRing.length) return onRing;
    return below.concat(onRing.filter((deployment) => !below.includes(deployment)));
  }

  private ringOf(route: ResolvedRoute): HashRing<ResolvedDeployment> {
    let ring = this.rings.get(route.deployments);
    if (!ring) {
      // Every deployment of the route, whatever its priority or health: a deployment that fails and comes back
      // then gets back exactly its own keys.
      ring = new HashRing(route.deployments, (deployment) => deployment.id);
      this.rings.set(route.deployments, ring);
    }
    return ring;
  }
}
