import { GatewayError } from '@llmguard/shared';
import type { TenantPolicy } from '../catalog/policy-catalog';
import type { ResolvedDeployment } from '../catalog/route-catalog';

/**
 * routing.allowedProviders, routing.allowedRegions and dataResidency.allowedRegions: deployments of other providers,
 * or running elsewhere (or nowhere said: a deployment without a region cannot be shown to run in an allowed one), are
 * skipped; a route with none left is refused, naming the rule.
 */
export function allowedByPolicy(
  deployments: ResolvedDeployment[],
  policy: Pick<TenantPolicy, 'allowedProviders' | 'allowedRegions'>,
  model: string,
): ResolvedDeployment[] {
  const providers = policy.allowedProviders;
  const byProvider = providers
    ? deployments.filter((deployment) => providers.has(deployment.provider))
    : deployments;
  if (byProvider.length === 0 && providers) {
    throw new GatewayError('policy_violation', {
      publicMessage: `Your tenant's policy rule routing.allowedProviders (${[...providers].join(', ')}) allows no deployment of the model \`${model}\`.`,
    });
  }
  const regions = policy.allowedRegions;
  if (!regions) return byProvider;
  const kept = byProvider.filter(
    (deployment) => deployment.region !== null && regions.regions.has(deployment.region),
  );
  if (kept.length > 0) return kept;
  const allowed = regions.regions.size > 0 ? [...regions.regions].join(', ') : 'no region in all of them';
  const where = [...new Set(byProvider.map((deployment) => deployment.region ?? 'no region given'))].join(
    ', ',
  );
  const rules =
    regions.rules.length > 1 ? `rules ${regions.rules.join(' and ')}` : `rule ${regions.rules.join('')}`;
  throw new GatewayError('policy_violation', {
    publicMessage: `Your tenant's policy ${rules} (${allowed}) ${regions.rules.length > 1 ? 'allow' : 'allows'} no deployment of the model \`${model}\`: its deployments run in ${where}.`,
  });
}
