import { Agent } from 'undici';

export type UpstreamTimeouts = {
  /** TCP/TLS connect. */
  connectMs: number;
  /** Request sent → response headers (for a stream, the upstream's first byte). */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
};

export const DEFAULT_UPSTREAM_TIMEOUTS: UpstreamTimeouts = {
  connectMs: 5_000,
  firstByteMs: 60_000,
  idleMs: 60_000,
};

/**
 * One keep-alive connection pool per upstream origin (undici's Agent keeps a Pool per origin), so
 * the hot path never pays a TCP or TLS handshake after warm-up.
 */
export function createUpstreamAgent(timeouts: UpstreamTimeouts = DEFAULT_UPSTREAM_TIMEOUTS): Agent {
  return new Agent({
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: 256,
    pipelining: 1,
  });
}
