import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** The browser's handle on its pending SSO sign-in; the flow itself stays in Redis. */
export const SSO_FLOW_COOKIE = 'llmguard_sso_flow';
// Long enough to type a password and pass a second factor at the provider, short enough to be useless when stolen.
const FLOW_TTL_SECONDS = 600;

/** What openid-client's passport strategy keeps between the redirect and the callback. */
const strategyStateSchema = z.object({
  code_verifier: z.string(),
  nonce: z.string().optional(),
  state: z.string().optional(),
  max_age: z.number().optional(),
});

const flowSchema = z.object({
  tenantId: z.string(),
  connectionId: z.string(),
  strategyState: strategyStateSchema,
});

/** A started sign-in: which tenant's connection, and the PKCE verifier, state and nonce to check the answer with. */
export type SsoFlow = z.infer<typeof flowSchema>;
export type StrategyState = z.infer<typeof strategyStateSchema>;

/**
 * Pending SSO sign-ins in Redis under `<prefix>sso:flow:<sha256(id)>`, for ten minutes and for one use. The id lives
 * in an httpOnly cookie scoped to the SSO paths, so only the browser that started a sign-in can finish it (a link
 * with someone else's code and state finds no flow).
 */
@Injectable()
export class SsoFlowStore {
  private readonly prefix: string;
  private readonly secureCookie: boolean;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.prefix = `${env.REDIS_KEY_PREFIX}sso:flow:`;
    this.secureCookie = env.SESSION_COOKIE_SECURE ?? env.NODE_ENV === 'production';
  }

  async start(reply: FastifyReply, flow: SsoFlow): Promise<void> {
    const flowId = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(flowId), JSON.stringify(flow), 'EX', FLOW_TTL_SECONDS);
    void reply.setCookie(SSO_FLOW_COOKIE, flowId, {
      path: '/api/auth/sso/',
      httpOnly: true,
      // Lax: the identity provider's redirect back is a top-level GET navigation, which still carries it.
      sameSite: 'lax',
      secure: this.secureCookie,
      maxAge: FLOW_TTL_SECONDS,
    });
  }

  /** The browser's pending flow, removed as it is read; null when missing, expired or already used. */
  async take(request: FastifyRequest, reply: FastifyReply): Promise<SsoFlow | null> {
    const flowId = request.cookies[SSO_FLOW_COOKIE];
    void reply.clearCookie(SSO_FLOW_COOKIE, { path: '/api/auth/sso/' });
    if (!flowId || !/^[A-Za-z0-9_-]{43}$/.test(flowId)) return null;
    const raw = await this.redis.getdel(this.key(flowId));
    if (!raw) return null;
    const parsed = flowSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  private key(flowId: string): string {
    return `${this.prefix}${createHash('sha256').update(flowId).digest('hex')}`;
  }
}
