import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
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

  constructor(private readonly routes: RouteCatalog) {}

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
    context.deployment = pickWeighted(
      route.deployments.filter((d) => d.priority === route.deployments[0]?.priority),
    );
  }
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
