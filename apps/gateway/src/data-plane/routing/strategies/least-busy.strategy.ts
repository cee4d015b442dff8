import type { ResolvedDeployment } from '../../catalog/route-catalog';
import type { LoadView } from './deployment-load';
import type { Random, RoutingStrategy } from './routing-strategy';

/**
 * `least_busy`: the deployment with the fewest requests in flight from this gateway instance first, ties broken at
 * random (so equally idle deployments share the traffic); the fallbacks are the next least busy.
 */
export class LeastBusyStrategy implements RoutingStrategy {
  constructor(
    private readonly load: LoadView,
    private readonly random: Random = Math.random,
  ) {}

  order(group: ResolvedDeployment[]): ResolvedDeployment[] {
    shuffle(group, this.random);
    const inFlight = new Map(group.map((deployment) => [deployment, this.load.inFlightOf(deployment.id)]));
    // Array.prototype.sort is stable: equal counts keep their shuffled order.
    return group.sort((a, b) => (inFlight.get(a) ?? 0) - (inFlight.get(b) ?? 0));
  }
}

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const item = items[index] as T;
    items[index] = items[other] as T;
    items[other] = item;
  }
  return items;
}
