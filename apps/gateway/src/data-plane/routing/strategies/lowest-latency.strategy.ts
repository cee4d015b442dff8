import type { ResolvedDeployment, ResolvedRoute } from '../../catalog/route-catalog';
import type { LoadView } from './deployment-load';
import { shuffle } from './least-busy.strategy';
import type { Random, RoutingRequest, RoutingStrategy } from './routing-strategy';

/**
 * `lowest_latency`: the deployment with the lowest recent time to first token for this kind of request (streamed, or
 * a whole answer) first, then the next fastest. The time is a mean of the last samples of this gateway instance,
 * weighted by age (`latency.halfLifeMs`). Deployments never measured come first, the least busy of them first, so
 * a new deployment is measured at once; and a share of requests (`latency.explorationRate`) starts with a random other
 * deployment, so one that was slow and has recovered gets noticed.
 */
export class LowestLatencyStrategy implements RoutingStrategy {
  constructor(
    private readonly load: LoadView,
    private readonly random: Random = Math.random,
  ) {}

  order(group: ResolvedDeployment[], route: ResolvedRoute, request: RoutingRequest): ResolvedDeployment[] {
    const { halfLifeMs, explorationRate } = route.config.latency;
    const score = new Map<ResolvedDeployment, number>();
    for (const deployment of group) {
      const latencyMs = this.load.firstTokenMsOf(deployment.id, request.stream, halfLifeMs);
      // Unmeasured ones rank below every measured one (negative), by how busy they are.
      score.set(deployment, latencyMs ?? this.load.inFlightOf(deployment.id) - 1e9);
    }
    shuffle(group, this.random);
    group.sort((a, b) => (score.get(a) ?? 0) - (score.get(b) ?? 0));
    if (this.random() < explorationRate) {
      const [explored] = group.splice(1 + Math.floor(this.random() * (group.length - 1)), 1);
      if (explored) group.unshift(explored);
    }
    return group;
  }
}
