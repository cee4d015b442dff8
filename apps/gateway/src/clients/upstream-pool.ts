import { Agent } from 'undici';
import { z } from 'zod';

/** Upstream timeouts, configurable per route (`config.timeouts`) and per deployment (`timeouts`). */
export type UpstreamTimeouts = {
  /** TCP/TLS connect. */
  connectMs: number;
  /** Request sent → response headers (for a stream, the upstream's first byte). */
  firstByteMs: number;
  /** Longest silence between two body chunks of a response. */
  idleMs: number;
  /** Whole exchange, first byte to last. */
  totalMs: number;
};

export const DEFAULT_UPSTREAM_TIMEOUTS: UpstreamTimeouts = {
  connectMs: 5_000,
  firstByteMs: 60_000,
  idleMs: 60_000,
  totalMs: 600_000,
};

const timeoutOverridesSchema = z
  .object({
    connectMs: z.number().int().positive(),
    firstByteMs: z.number().int().positive(),
    idleMs: z.number().int().positive(),
    totalMs: z.number().int().positive(),
  })
  .partial();

/** Deployment settings win over route settings, which win over the defaults; invalid JSON is ignored. */
export function resolveTimeouts(routeConfig: unknown, deploymentTimeouts: unknown): UpstreamTimeouts {
  const fromRoute = timeoutOverridesSchema.safeParse(
    (routeConfig as { timeouts?: unknown } | null)?.timeouts,
  );
  const fromDeployment = timeoutOverridesSchema.safeParse(deploymentTimeouts);
  return {
    ...DEFAULT_UPSTREAM_TIMEOUTS,
    ...(fromRoute.success ? fromRoute.data : {}),
    ...(fromDeployment.success ? fromDeployment.data : {}),
  };
}

/**
 * Keep-alive connection pools to the upstreams (undici's Agent keeps a Pool per origin), so the
 * hot path never pays a TCP or TLS handshake after warm-up. The connect timeout belongs to the
 * pool, so there is one Agent per distinct connect timeout (in practice one or two).
 */
export class UpstreamPool {
  private readonly agents = new Map<number, Agent>();

  agentFor(connectMs: number): Agent {
    let agent = this.agents.get(connectMs);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        // No cap per origin: a cap makes requests queue inside undici with no timeout; the upstream's
        // own limits (and the gateway's admission control) decide how much traffic it takes.
        connections: null,
        pipelining: 1,
      });
      this.agents.set(connectMs, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
  }
}
