import type { ResolvedDeployment, ResolvedRoute } from '../../catalog/route-catalog';
import type { RoutingStrategy } from './routing-strategy';

/**
 * `round_robin`: the deployments of a priority take turns, in the route's order (priority, then name), by a counter
 * per route kept in this gateway instance (each instance cycles on its own). The fallbacks are the next in turn.
 */
export class RoundRobinStrategy implements RoutingStrategy {
  private readonly turns = new Map<string, number>();

  order(group: ResolvedDeployment[], route: ResolvedRoute): ResolvedDeployment[] {
    const turn = this.turns.get(route.id) ?? 0;
    // Wraps well before 2^53; a multiple of every group size up to 20 keeps the cycle even when it does.
    this.turns.set(route.id, (turn + 1) % 232_792_560);
    const start = turn % group.length;
    return start === 0 ? group : [...group.slice(start), ...group.slice(0, start)];
  }
}
