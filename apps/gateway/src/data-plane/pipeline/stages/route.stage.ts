import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import { PolicyCatalog, type TenantPolicy } from '../../catalog/policy-catalog';
import { RouteCatalog, type ResolvedDeployment } from '../../catalog/route-catalog';
import type { RequestContext } from '../request-context';
import type { Stage } from '../stage';

/**
 * Resolves the requested model alias to one deployment: the best priority among enabled
 * deployments, weighted random within it. (Strategies, health and fallbacks come with routing.)
 */
@Injectable()
export class RouteStage implements Stage {
  readonly name = 'route';

  constructor(
    private readonly routes: RouteCatalog,
    private readonly policies: PolicyCatalog,
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
    context.deployment = pickWeighted(deployments.filter((d) => d.priority === deployments[0]?.priority));
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

function pickWeighted(deployments: ResolvedDeployment[]): ResolvedDeployment {
  const total = deployments.reduce((sum, deployment) => sum + Math.max(0, deployment.weight), 0);
  let ticket = Math.random() * total;
  for (const deployment of deployments) {
    ticket -= Math.max(0, deployment.weight);
    if (ticket < 0) return deployment;
  }
  const first = deployments[0];
  if (!first) throw new Error('no deployment to pick from');
  return first;
}
