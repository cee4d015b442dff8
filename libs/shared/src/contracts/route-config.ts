import { z } from 'zod';

// A route's strategy settings (model_routes.config, beside the route-wide `timeouts`). Every section and field is
// optional: an absent one takes the default below, so a stored config keeps meaning what its author wrote even if a
// default changes later.

/** prefix_affinity: what keys the hash ring, and how much busier than the average a replica may get. */
export const prefixAffinityConfigSchema = z.strictObject({
  /**
   * Characters of the canonical prompt (system prompt, then every message but the last) hashed into the key.
   * Requests that agree on these characters go to the same replica. Default 2048.
   */
  prefixChars: z.number().int().min(64).max(1_000_000).optional(),
  /**
   * Bounded load (Mirrokni et al.): a replica takes a key only while its requests in flight are below
   * ceil(loadFactor × the average in flight); otherwise the key goes on to the next replica on the ring. Default 1.25.
   */
  loadFactor: z.number().min(1).max(10).optional(),
});

/** lowest_latency: how the time to first token is averaged, and how often another deployment is tried. */
export const latencyConfigSchema = z.strictObject({
  /** A sample's weight halves every halfLifeMs (of age), so old measurements fade. Default 30000. */
  halfLifeMs: z.number().int().min(100).max(3_600_000).optional(),
  /** Share of requests sent to a random other deployment first, so a slow one that recovered is noticed. Default 0.05. */
  explorationRate: z.number().min(0).max(0.5).optional(),
});

/** weighted: whether a request naming an end user always gets that user's variant. */
export const stickyConfigSchema = z.strictObject({
  /** Default true. */
  enabled: z.boolean().optional(),
});

/** Strategy settings of a route; unknown sections or fields are refused, each error at its field. */
export const routeConfigSchema = z.strictObject({
  prefixAffinity: prefixAffinityConfigSchema.optional(),
  latency: latencyConfigSchema.optional(),
  sticky: stickyConfigSchema.optional(),
});

export type RouteConfig = z.output<typeof routeConfigSchema>;

/** The value each absent field takes. */
export const ROUTE_CONFIG_DEFAULTS = Object.freeze({
  prefixAffinity: Object.freeze({ prefixChars: 2048, loadFactor: 1.25 }),
  latency: Object.freeze({ halfLifeMs: 30_000, explorationRate: 0.05 }),
  sticky: Object.freeze({ enabled: true }),
});

/** A route config with every default filled in, as the data plane uses it. */
export type ResolvedRouteConfig = {
  prefixAffinity: { prefixChars: number; loadFactor: number };
  latency: { halfLifeMs: number; explorationRate: number };
  sticky: { enabled: boolean };
};

/**
 * The strategy settings of a stored model_routes.config (which also holds the route's `timeouts`). A config that is
 * not valid as a whole (written outside the API) counts as empty, so every field takes its default.
 */
export function storedRouteConfig(stored: unknown): RouteConfig {
  if (!stored || typeof stored !== 'object') return {};
  const { timeouts: _timeouts, ...settings } = stored as Record<string, unknown>;
  const parsed = routeConfigSchema.safeParse(settings);
  return parsed.success ? parsed.data : {};
}

/** The stored config's settings with every default filled in. */
export function resolveRouteConfig(stored: unknown): ResolvedRouteConfig {
  const config = storedRouteConfig(stored);
  return {
    prefixAffinity: { ...ROUTE_CONFIG_DEFAULTS.prefixAffinity, ...config.prefixAffinity },
    latency: { ...ROUTE_CONFIG_DEFAULTS.latency, ...config.latency },
    sticky: { ...ROUTE_CONFIG_DEFAULTS.sticky, ...config.sticky },
  };
}
