import type { ResolvedDeployment } from '../../catalog/route-catalog';
import { shuffle } from './least-busy.strategy';
import type { Random, RoutingStrategy } from './routing-strategy';

/**
 * The mix of tokens a request's price is judged by: three input tokens per output token, about what chat traffic
 * sends (long prompts, short answers). A request's own lengths are not known before it runs.
 */
const INPUT_TOKENS_PER_OUTPUT_TOKEN = 3;

/**
 * `lowest_cost`: the cheapest deployment first, by its price for the token mix above; equal prices go to the higher
 * weight first, then at random (so equally cheap, equally weighted deployments share the traffic).
 */
export class LowestCostStrategy implements RoutingStrategy {
  constructor(private readonly random: Random = Math.random) {}

  order(group: ResolvedDeployment[]): ResolvedDeployment[] {
    shuffle(group, this.random);
    return group.sort((a, b) => priceOf(a) - priceOf(b) || b.weight - a.weight);
  }
}

/** Micro-USD for a million output tokens and the input tokens that come with them. */
export function priceOf(deployment: ResolvedDeployment): number {
  const { inputMicrosPerMillion, outputMicrosPerMillion } = deployment.prices;
  return INPUT_TOKENS_PER_OUTPUT_TOKEN * inputMicrosPerMillion + outputMicrosPerMillion;
}
