import { GatewayError, type RoutingRule } from '@llmguard/shared';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import type { RequestTraits } from './request-traits';
import {
  LOCAL_TAG,
  firstMatchingRule,
  hasAnyTag,
  hasEveryTag,
  isLocal,
  type RoutingRules,
} from './routing-rules';

/** Which of a route's deployments may serve one request, before the strategy orders them. */
export type RoutingPlan = {
  /**
   * The deployments that may serve, in tiers: the first tier is preferred; a later tier takes the request only
   * when every deployment of the earlier ones is at capacity or out of service (overflow). Never empty.
   */
  tiers: readonly (readonly ResolvedDeployment[])[];
  /** Only `local` deployments may serve (routing.sensitiveData): every tier holds only those. */
  localOnly: boolean;
};

/**
 * Narrows a route's deployments for one request, in this order: the policy's requiredTags, the first routing rule
 * the request matches (requireTags, excludeTags), and data sensitivity (local deployments only); then splits what
 * is left into preference tiers (the rule's preferTags, else the policy's overflow). A step that leaves nothing
 * refuses the request (403 policy_violation) naming the policy field or rule, so a tenant can see why. Pure.
 */
export function planRouting(
  deployments: readonly ResolvedDeployment[],
  rules: RoutingRules,
  traitsOf: () => RequestTraits,
  model: string,
): RoutingPlan {
  // Most tenants set no routing rule: their route is served as it is, and the request's traits are never built.
  if (!rules.narrows) return { tiers: [deployments], localOnly: false };
  const traits = traitsOf();
  let eligible = deployments.slice();
  if (rules.requiredTags.length > 0) {
    eligible = keepOrRefuse(
      eligible,
      (deployment) => hasEveryTag(deployment, rules.requiredTags),
      () =>
        `Your tenant's policy rule routing.requiredTags (${rules.requiredTags.join(', ')}) allows no deployment of the model \`${model}\`.`,
    );
  }
  const rule = firstMatchingRule(rules.rules, traits);
  if (rule) eligible = applyRule(eligible, rule, model);
  const localOnly = rules.localOnly || (rules.piiLocalOnly && traits.containsPii());
  if (localOnly) {
    const reason = rules.localOnly
      ? "your tenant's policy routing.sensitiveData.localOnly keeps every request on-premises"
      : "it contains personal data and your tenant's policy routing.sensitiveData.piiLocalOnly keeps such requests on-premises";
    eligible = keepOrRefuse(
      eligible,
      isLocal,
      () =>
        `This request may only be served by deployments tagged \`${LOCAL_TAG}\` (${reason}), and the model \`${model}\` has none that this policy allows.`,
    );
  }
  return { tiers: preferenceTiers(eligible, rule, rules.overflow), localOnly };
}

function applyRule(
  deployments: ResolvedDeployment[],
  rule: RoutingRule,
  model: string,
): ResolvedDeployment[] {
  const { requireTags = [], excludeTags = [] } = rule.then;
  if (requireTags.length === 0 && excludeTags.length === 0) return deployments;
  const wanted = [
    requireTags.length > 0 ? `requireTags: ${requireTags.join(', ')}` : '',
    excludeTags.length > 0 ? `excludeTags: ${excludeTags.join(', ')}` : '',
  ].filter(Boolean);
  return keepOrRefuse(
    deployments,
    (deployment) => hasEveryTag(deployment, requireTags) && !hasAnyTag(deployment, excludeTags),
    () =>
      `Routing rule \`${rule.name}\` of your tenant's policy (${wanted.join('; ')}) matches this request and leaves no deployment of the model \`${model}\`.`,
  );
}

function keepOrRefuse(
  deployments: ResolvedDeployment[],
  keep: (deployment: ResolvedDeployment) => boolean,
  refusal: () => string,
): ResolvedDeployment[] {
  const kept = deployments.filter(keep);
  if (kept.length > 0) return kept;
  throw new GatewayError('policy_violation', { publicMessage: refusal() });
}

/**
 * Preferred deployments first, the spill tier after. A rule's preferTags spill to every other deployment; the
 * policy's overflow spills only to deployments tagged `spillTo` (any other when it names none). A route without a
 * preferred deployment is served as one tier, as if no preference were set.
 */
function preferenceTiers(
  deployments: ResolvedDeployment[],
  rule: RoutingRule | undefined,
  overflow: RoutingRules['overflow'],
): ResolvedDeployment[][] {
  const preferTags = rule?.then.preferTags?.length ? rule.then.preferTags : overflow && [overflow.prefer];
  if (!preferTags) return [deployments];
  const preferred = deployments.filter((deployment) => hasEveryTag(deployment, preferTags));
  if (preferred.length === 0) return [deployments];
  const spillTo = rule?.then.preferTags?.length ? undefined : overflow?.spillTo;
  const spill = deployments.filter(
    (deployment) =>
      !preferred.includes(deployment) && (spillTo === undefined || deployment.tags.includes(spillTo)),
  );
  return spill.length > 0 ? [preferred, spill] : [preferred];
}
