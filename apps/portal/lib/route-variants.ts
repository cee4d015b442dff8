import type { RouteView } from '@llmguard/shared';

/** Experiments the usage page reports on at most, one variants call each. */
export const EXPERIMENT_ROUTES_MAX = 5;

/**
 * The tenant's A/B tests and canaries: enabled `weighted` routes splitting traffic over at least two enabled
 * deployments with weight, by alias, at most EXPERIMENT_ROUTES_MAX.
 */
export function experimentRoutes(routes: readonly RouteView[]): RouteView[] {
  return routes
    .filter(
      (route) =>
        route.enabled &&
        route.strategy === 'weighted' &&
        route.deployments.filter((deployment) => deployment.enabled && deployment.weight > 0).length >= 2,
    )
    .sort((a, b) => a.alias.localeCompare(b.alias))
    .slice(0, EXPERIMENT_ROUTES_MAX);
}

/** A share from 0 to 1 as "37.5%" (whole percents from 10%); "—" when there is nothing to share. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—';
  const percent = share * 100;
  return `${percent.toFixed(percent >= 10 || Number.isInteger(percent) ? 0 : 1)}%`;
}
