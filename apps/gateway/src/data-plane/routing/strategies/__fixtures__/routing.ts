import { resolveRouteConfig, type RouteConfig } from '@llmguard/shared';
import type { ResolvedDeployment, ResolvedRoute } from '../../../catalog/route-catalog';

/** A deployment for strategy tests; only the fields routing looks at matter. */
export function deployment(
  name: string,
  fields: Partial<Pick<ResolvedDeployment, 'priority' | 'weight' | 'tags' | 'prices'>> = {},
): ResolvedDeployment {
  return {
    id: `dep_${name}`,
    routeId: 'rte_test',
    name,
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:1/v1',
    upstreamModel: 'm',
    weight: fields.weight ?? 1,
    priority: fields.priority ?? 0,
    region: null,
    tags: fields.tags ?? [],
    prices: fields.prices ?? {
      inputMicrosPerMillion: 0,
      outputMicrosPerMillion: 0,
      cachedInputMicrosPerMillion: 0,
    },
    credential: null,
    apiVersion: null,
    timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
    maxConcurrentRequests: null,
  };
}

/** A route over these deployments (kept in the given order: sort by priority first). */
export function route(
  strategy: string,
  deployments: ResolvedDeployment[],
  config: RouteConfig = {},
): ResolvedRoute {
  return { id: 'rte_test', alias: 'm', strategy, config: resolveRouteConfig(config), deployments };
}

/** A seeded generator (mulberry32), so the statistics of a test repeat exactly. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A request as strategies see it. */
export function request(fields: { endUser?: string; body?: Record<string, unknown>; stream?: boolean } = {}) {
  return { endUser: fields.endUser ?? null, body: fields.body ?? {}, stream: fields.stream ?? false };
}

/** Load as strategies read it, from fixed numbers (deployment name → value). */
export function fakeLoad(inFlight: Record<string, number> = {}, firstTokenMs: Record<string, number> = {}) {
  const byName = (id: string) => id.replace(/^dep_/, '');
  return {
    inFlightOf: (id: string) => inFlight[byName(id)] ?? 0,
    firstTokenMsOf: (id: string) => firstTokenMs[byName(id)],
  };
}

/** Pearson's chi-square statistic of observed counts against expected shares (which sum to 1). */
export function chiSquare(observed: number[], shares: number[]): number {
  const total = observed.reduce((sum, count) => sum + count, 0);
  return observed.reduce((sum, count, index) => {
    const expected = total * (shares[index] ?? 0);
    return sum + (count - expected) ** 2 / expected;
  }, 0);
}

/** Chi-square critical values at p = 0.001, by degrees of freedom: above them, the shares do not hold. */
export const CHI_SQUARE_P001 = [Infinity, 10.83, 13.82, 16.27, 18.47] as const;

/** How often each deployment name came first over `runs` orderings. */
export function firstPicks(runs: number, pick: () => { name: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let run = 0; run < runs; run += 1) {
    const name = pick()[0]?.name ?? 'none';
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
