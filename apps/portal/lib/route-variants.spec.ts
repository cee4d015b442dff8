import { describe, expect, it } from 'vitest';
import type { DeploymentView, RouteView } from '@llmguard/shared';
import { EXPERIMENT_ROUTES_MAX, experimentRoutes, formatShare } from './route-variants';

function route(alias: string, weights: number[], fields: Partial<RouteView> = {}): RouteView {
  const deployments = weights.map((weight, index) => ({ name: `d${index}`, weight, enabled: true }));
  return { alias, strategy: 'weighted', enabled: true, deployments, ...fields } as unknown as RouteView;
}

describe('experiment routes', () => {
  it('keeps enabled weighted routes splitting over two weighted deployments, by alias', () => {
    const disabledDeployment = route('b-one-live', [1, 1]);
    (disabledDeployment.deployments[1] as DeploymentView).enabled = false;
    const picked = experimentRoutes([
      route('z-canary', [99, 1]),
      route('a-ab', [1, 1]),
      route('single', [1]),
      route('fallback-only', [1, 0]),
      route('round', [1, 1], { strategy: 'round_robin' }),
      route('off', [1, 1], { enabled: false }),
      disabledDeployment,
    ]);
    expect(picked.map((entry) => entry.alias)).toEqual(['a-ab', 'z-canary']);
  });

  it('reports on a bounded number of routes', () => {
    const many = Array.from({ length: EXPERIMENT_ROUTES_MAX + 3 }, (_, index) => route(`r${index}`, [1, 1]));
    expect(experimentRoutes(many)).toHaveLength(EXPERIMENT_ROUTES_MAX);
  });
});

describe('formatShare', () => {
  it('shows one decimal below 10% and whole percents above', () => {
    expect(formatShare(0.25)).toBe('25%');
    expect(formatShare(0.375)).toBe('38%');
    expect(formatShare(0.0525)).toBe('5.3%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(null)).toBe('—');
  });
});
