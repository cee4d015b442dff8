import { Injectable } from '@nestjs/common';
import type { RouteStrategy } from '@llmguard/shared';
import type { ResolvedDeployment, ResolvedRoute } from '../../catalog/route-catalog';
import { DeploymentHealth } from '../deployment-health';
import { DeploymentLoad } from './deployment-load';
import { LeastBusyStrategy } from './least-busy.strategy';
import { LowestCostStrategy } from './lowest-cost.strategy';
import { LowestLatencyStrategy } from './lowest-latency.strategy';
import { PrefixAffinityStrategy } from './prefix-affinity.strategy';
import { RoundRobinStrategy } from './round-robin.strategy';
import type { RoutingRequest, RoutingStrategy } from './routing-strategy';
import { WeightedStrategy } from './weighted.strategy';

const NONE: readonly ResolvedDeployment[] = Object.freeze([]);

/**
 * The order in which a request tries its route's deployments: by priority (lower first), and within one priority by
 * the route's strategy, leaving out deployments whose circuit is open. Expects `deployments` sorted by priority, as
 * the route catalog keeps them. A route of one deployment costs a health check and nothing more.
 */
@Injectable()
export class CandidateOrder {
  private readonly strategies: ReadonlyMap<string, RoutingStrategy>;
  private readonly weighted: RoutingStrategy;

  constructor(
    private readonly health: DeploymentHealth,
    load: DeploymentLoad,
  ) {
    this.weighted = new WeightedStrategy();
    const byName: Record<RouteStrategy, RoutingStrategy> = {
      weighted: this.weighted,
      round_robin: new RoundRobinStrategy(),
      least_busy: new LeastBusyStrategy(load),
      lowest_latency: new LowestLatencyStrategy(load),
      lowest_cost: new LowestCostStrategy(),
      prefix_affinity: new PrefixAffinityStrategy(load),
    };
    this.strategies = new Map(Object.entries(byName));
  }

  order(
    route: ResolvedRoute,
    deployments: readonly ResolvedDeployment[],
    request: RoutingRequest,
  ): readonly ResolvedDeployment[] {
    if (deployments.length === 1) {
      return this.health.isAvailable((deployments[0] as ResolvedDeployment).id) ? deployments : NONE;
    }
    // A strategy written outside the API (the column is text) routes as `weighted`.
    const strategy = this.strategies.get(route.strategy) ?? this.weighted;
    const ordered: ResolvedDeployment[] = [];
    let start = 0;
    while (start < deployments.length) {
      const priority = deployments[start]?.priority;
      const group: ResolvedDeployment[] = [];
      let end = start;
      for (; end < deployments.length && deployments[end]?.priority === priority; end += 1) {
        const deployment = deployments[end] as ResolvedDeployment;
        if (this.health.isAvailable(deployment.id)) group.push(deployment);
      }
      if (group.length > 1) ordered.push(...strategy.order(group, route, request));
      else ordered.push(...group);
      start = end;
    }
    return ordered;
  }
}
