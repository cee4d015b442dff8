import { describe, expect, it } from 'vitest';
import { routeStrategySchema } from '@llmguard/shared';
import type { DeploymentHealth } from '../deployment-health';
import { deployment, request, route } from './__fixtures__/routing';
import { CandidateOrder } from './candidate-order';
import { DeploymentLoad } from './deployment-load';

const STRATEGIES = routeStrategySchema.options;

function ordering(down: string[] = []): CandidateOrder {
  const health = { isAvailable: (id: string) => !down.includes(id) } as DeploymentHealth;
  return new CandidateOrder(health, new DeploymentLoad());
}

describe('CandidateOrder', () => {
  const deployments = [
    deployment('a'),
    deployment('b'),
    deployment('c', { priority: 1 }),
    deployment('d', { priority: 1 }),
    deployment('e', { priority: 2 }),
  ];

  it.each(STRATEGIES)(
    '%s: tries every deployment of a better priority first, skipping open circuits',
    (strategy) => {
      const order = ordering(['dep_b', 'dep_d']);
      for (let run = 0; run < 20; run += 1) {
        const names = order
          .order(
            route(strategy, deployments),
            deployments,
            request({ endUser: `u${run}`, body: { prompt: `p${run}` } }),
          )
          .map((d) => d.name);
        expect(names).toEqual(['a', 'c', 'e']);
      }
      const all = ordering()
        .order(route(strategy, deployments), deployments, request())
        .map((d) => d.name);
      expect(all.slice(0, 2).sort()).toEqual(['a', 'b']);
      expect(all.slice(2, 4).sort()).toEqual(['c', 'd']);
      expect(all[4]).toBe('e');
    },
  );

  it('hands a route of one deployment back as it is (nothing allocated), or nothing when its circuit is open', () => {
    const single = [deployment('only')];
    expect(ordering().order(route('weighted', single), single, request())).toBe(single);
    expect(ordering(['dep_only']).order(route('weighted', single), single, request())).toEqual([]);
  });

  it('routes an unknown strategy as weighted', () => {
    const pair = [deployment('a', { weight: 1 }), deployment('b', { weight: 0 })];
    expect(ordering().order(route('mystery', pair), pair, request())[0]?.name).toBe('a');
  });
});
