import type { RoutingPolicy, RoutingRule } from '@llmguard/shared';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import type { RequestTraits } from './request-traits';

/** The tag of deployments that run on the tenant's premises: the only ones sensitive requests may reach. */
export const LOCAL_TAG = 'local';

/** A tenant's routing section as the request path reads it, prepared once per policy change (PolicyCatalog). */
export type RoutingRules = {
  /** routing.requiredTags: only deployments carrying all of them serve. */
  requiredTags: readonly string[];
  rules: readonly RoutingRule[];
  localOnly: boolean;
  piiLocalOnly: boolean;
  /** routing.overflow, when it names a preferred tag. */
  overflow: { prefer: string; spillTo: string | undefined } | undefined;
  /** Whether any of the above can narrow or split a route's deployments. */
  narrows: boolean;
};

export function compileRoutingRules(routing: RoutingPolicy | undefined): RoutingRules {
  const prefer = routing?.overflow?.prefer;
  const compiled = {
    requiredTags: routing?.requiredTags ?? [],
    rules: routing?.rules ?? [],
    localOnly: routing?.sensitiveData?.localOnly === true,
    piiLocalOnly: routing?.sensitiveData?.piiLocalOnly === true,
    overflow: prefer ? { prefer, spillTo: routing?.overflow?.spillTo } : undefined,
  };
  const narrows =
    compiled.requiredTags.length > 0 ||
    compiled.rules.length > 0 ||
    compiled.localOnly ||
    compiled.piiLocalOnly ||
    compiled.overflow !== undefined;
  return { ...compiled, narrows };
}

/** The first rule whose conditions the request meets: rules are evaluated in order and only one applies. */
export function firstMatchingRule(
  rules: readonly RoutingRule[],
  traits: RequestTraits,
): RoutingRule | undefined {
  return rules.find((rule) => ruleMatches(rule, traits));
}

/** Every condition a rule states holds (a rule with none matches every request). Cheap conditions go first. */
export function ruleMatches({ when }: RoutingRule, traits: RequestTraits): boolean {
  if (!when) return true;
  if (when.metadata) {
    const metadata = traits.metadata();
    for (const [key, value] of Object.entries(when.metadata)) if (metadata.get(key) !== value) return false;
  }
  if (when.hasTools !== undefined && traits.hasTools() !== when.hasTools) return false;
  if (when.hasImages !== undefined && traits.hasImages() !== when.hasImages) return false;
  if (when.sensitive !== undefined && traits.containsPii() !== when.sensitive) return false;
  if (when.minPromptTokens !== undefined && traits.promptTokens() < when.minPromptTokens) return false;
  if (when.maxPromptTokens !== undefined && traits.promptTokens() > when.maxPromptTokens) return false;
  return true;
}

export function hasEveryTag(deployment: ResolvedDeployment, tags: readonly string[]): boolean {
  return tags.every((tag) => deployment.tags.includes(tag));
}

export function hasAnyTag(deployment: ResolvedDeployment, tags: readonly string[]): boolean {
  return tags.some((tag) => deployment.tags.includes(tag));
}

export function isLocal(deployment: ResolvedDeployment): boolean {
  return deployment.tags.includes(LOCAL_TAG);
}
