import type { ResolvedDeployment, ResolvedRoute } from '../../catalog/route-catalog';
import type { RequestContext } from '../../pipeline/request-context';

/** What a strategy may look at in the request. */
export type RoutingRequest = Pick<RequestContext, 'body' | 'endUser' | 'stream'>;

/**
 * One way of spreading a route's traffic (the route's `strategy`). It orders one priority group: better priorities
 * are always tried first, and deployments whose circuit is open are already left out.
 */
export type RoutingStrategy = {
  /**
   * `group` holds at least two deployments of one priority, all available, in a fresh array the strategy may
   * reorder or return. The answer is the order to try them in: the first is the pick, the rest its fallbacks.
   */
  order(group: ResolvedDeployment[], route: ResolvedRoute, request: RoutingRequest): ResolvedDeployment[];
};

/** A random number in [0, 1); injected so tests repeat exactly. */
export type Random = () => number;
