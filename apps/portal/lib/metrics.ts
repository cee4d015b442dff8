import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The portal server's Prometheus metrics: process metrics and its calls to the control plane (the portal's own work
 * is rendering; what it waits on is the API). One registry per server process, kept on globalThis so Next's module
 * reloads in development do not register the metrics twice. Served by instrumentation.ts on PORTAL_METRICS_PORT.
 */
export type PortalMetrics = {
  registry: Registry;
  controlPlaneRequests: Counter<'route' | 'method' | 'status'>;
  controlPlaneDuration: Histogram<'route'>;
};

const GLOBAL_KEY = Symbol.for('llmguard.portal.metrics');

export function portalMetrics(): PortalMetrics {
  const holder = globalThis as typeof globalThis & { [GLOBAL_KEY]?: PortalMetrics };
  holder[GLOBAL_KEY] ??= createPortalMetrics();
  return holder[GLOBAL_KEY];
}

function createPortalMetrics(): PortalMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'llmguard_portal_' });
  return {
    registry,
    controlPlaneRequests: new Counter({
      name: 'llmguard_portal_control_plane_requests_total',
      help: 'Control-plane API calls the portal made, by route pattern, method and status (unreachable = no answer).',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    controlPlaneDuration: new Histogram({
      name: 'llmguard_portal_control_plane_request_duration_seconds',
      help: 'Time the portal waited for the control plane, by route pattern.',
      labelNames: ['route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** Records one control-plane call; `route` is the contract's path pattern (bounded), never the concrete URL. */
export function recordControlPlaneCall(
  route: string,
  method: string,
  status: number | 'unreachable',
  seconds: number,
) {
  const metrics = portalMetrics();
  metrics.controlPlaneRequests.inc({ route, method, status: String(status) });
  metrics.controlPlaneDuration.observe({ route }, seconds);
}
