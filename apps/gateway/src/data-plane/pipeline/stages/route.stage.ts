import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import { PolicyCatalog, type TenantPolicy } from '../../catalog/policy-catalog';
import { RouteCatalog, type ResolvedDeployment } from '../../catalog/route-catalog';
import { DeploymentHealth } from '../../routing/deployment-health';
import { CandidateOrder } from '../../routing/strategies/candidate-order';
import type { RequestContext } from '../request-context';
import type { Stage } from '../stage';

/**
 * Resolves the requested model alias to the deployments the request may try, in order: by priority, then by the
 * route's strategy within one priority (routing/strategies), skipping deployments whose circuit is open. The first
 * is the pick; the others are its fallbacks, unless the policy turns fallbacks off (routing.fallbacks.enabled). When every deployment is out
 * of service the request is refused here (503), before it is admitted or anything upstream is spent.
 */
@Injectable()
export class RouteStage implements Stage {
  readonly name = 'route';

  constructor(
    private readonly routes: RouteCatalog,
    private readonly policies: PolicyCatalog,
    private readonly health: DeploymentHealth,
    private readonly candidateOrder: CandidateOrder,
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
    const available = this.candidateOrder.order(route, deployments, context);
    if (available.length === 0) throw this.health.allDown(context.model, deployments);
    context.candidates =
      policy.policy.routing?.fallbacks?.enabled === false ? available.slice(0, 1) : available;
    context.deployment = available[0];
  }
}

/** routing.allowedProviders: deployments of other providers are skipped; a route with none left is refused. */
function allowedByPolicy(
  deployments: ResolvedDeployment[],
  policy: TenantPolicy,
  model: string,
): ResolvedDeployment[] {
  const allowed = policy.allowedProviders;
  if (allowed === null) return deployments;
  const kept = deployments.filter((deployment) => allowed.has(deployment.provider));
  if (kept.length > 0) return kept;
  throw new GatewayError('policy_violation', {
    publicMessage: `Your tenant's policy rule routing.allowedProviders (${[...allowed].join(', ')}) allows no deployment of the model \`${model}\`.`,
  });
}
