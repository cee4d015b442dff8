import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import { RouteCatalog, type ResolvedDeployment } from '../../catalog/route-catalog';
import { Degradation } from '../../routing/degradation/degradation';
import { DeploymentHealth } from '../../routing/deployment-health';
import { allowedByPolicy } from '../../routing/allowed-by-policy';
import { planRouting } from '../../routing/rules/plan-routing';
import { requestTraits } from '../../routing/rules/request-traits';
import { CandidateOrder } from '../../routing/strategies/candidate-order';
import type { RequestContext } from '../request-context';
import type { Stage } from '../stage';

/**
 * Resolves the requested model alias to the deployments the request may try, in order. The tenant's policy narrows
 * them first (allowed providers, required tags, the first routing rule the request matches, data sensitivity) and
 * splits them into preference tiers (overflow); within a tier the order is by priority, then by the route's strategy
 * within one priority (routing/strategies), skipping deployments whose circuit is open. The first is the pick; the
 * others are its fallbacks, unless the policy turns fallbacks off (routing.fallbacks.enabled, which also keeps the
 * request from spilling). When every deployment is out of service the policy's degradation applies (a cached
 * answer, or its fallback model); without one the request is refused here (503), before it is admitted or anything
 * upstream is spent.
 */
@Injectable()
export class RouteStage implements Stage {
  readonly name = 'route';

  constructor(
    private readonly routes: RouteCatalog,
    private readonly policies: PolicyCatalog,
    private readonly health: DeploymentHealth,
    private readonly candidateOrder: CandidateOrder,
    private readonly degradation: Degradation,
  ) {}

  async run(context: RequestContext): Promise<void> {
    const key = context.apiKey;
    if (!key) throw new Error('route stage ran before authenticate');
    if (!context.model) {
      throw new GatewayError('invalid_request', {
        publicMessage: 'You must provide a model parameter.',
        param: 'model',
      });
    }
    const allowed = key.allowedModels.length === 0 || key.allowedModels.includes(context.model);
    const route = allowed ? await this.routes.find(key.tenantId, context.model) : undefined;
    // A model the key may not use looks exactly like a missing one, so keys cannot probe routes.
    if (!route || route.deployments.length === 0) {
      throw new GatewayError('model_not_found', {
        publicMessage: `The model \`${context.model}\` does not exist or you do not have access to it.`,
        param: 'model',
      });
    }
    const policy = this.policies.cached(key.tenantId) ?? (await this.policies.load(key.tenantId));
    const deployments = allowedByPolicy(route.deployments, policy, context.model);
    const plan = planRouting(deployments, policy.routing, () => requestTraits(context), context.model);
    context.localOnly = plan.localOnly;
    const tiers = plan.tiers.map((tier) => this.candidateOrder.order(route, tier, context));
    const available = tiers.length === 1 ? (tiers[0] ?? []) : tiers.flat();
    if (available.length === 0) {
      if (await this.degradation.degrade(context, policy, () => this.run(context))) return;
      throw this.health.allDown(context.model, plan.tiers.flat());
    }
    const fallbacks = policy.policy.routing?.fallbacks?.enabled !== false;
    context.candidates = fallbacks ? available : available.slice(0, 1);
    context.spillWhenSaturated = fallbacks ? spillableTiers(tiers) : NOTHING_SPILLS;
    context.deployment = available[0];
  }
}

const NOTHING_SPILLS: ReadonlySet<string> = new Set();

/** Every available deployment but those of the last tier: when they are at capacity the request moves on. */
function spillableTiers(tiers: (readonly ResolvedDeployment[])[]): ReadonlySet<string> {
  if (tiers.length <= 1) return NOTHING_SPILLS;
  const used = tiers.filter((tier) => tier.length > 0);
  if (used.length <= 1) return NOTHING_SPILLS;
  return new Set(used.slice(0, -1).flatMap((tier) => tier.map((deployment) => deployment.id)));
}
