import type { FastifyRequest } from 'fastify';

/** Who sent a request, as the audit log records it. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

// User agents are attacker-chosen text; keep what the audit log stores bounded.
const USER_AGENT_LENGTH_MAX = 512;

/** The client address (Fastify's view of the socket) and the user agent of a request. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip || null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, USER_AGENT_LENGTH_MAX) : null,
  };
}
