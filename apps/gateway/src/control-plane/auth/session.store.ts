import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * How a session was signed in: with a password (sign-up, password sign-in) or through one tenant's SSO connection.
 * A tenant that requires SSO only admits sessions made by its own connection.
 */
export type SessionAuthentication = { method: 'password' } | { method: 'sso'; tenantId: string };

const sessionAuthenticationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('password') }),
  z.object({ method: z.literal('sso'), tenantId: z.string() }),
]);

/** What the store keeps per session. */
export type SessionData = {
  userId: string;
  authentication: SessionAuthentication;
  createdAtMs: number;
  /** The absolute end: no activity extends a session past it. */
  expiresAtMs: number;
  ip: string | null;
  userAgent: string | null;
};

const sessionDataSchema = z.object({
  userId: z.string(),
  // Sessions stored before the method was recorded were all password sessions.
  authentication: sessionAuthenticationSchema.default({ method: 'password' }),
  createdAtMs: z.number(),
  expiresAtMs: z.number(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

/**
 * Sessions in Redis under `<prefix>sessions:<sha256(id)>`, so a copy of Redis holds no usable session ids. Each user
 * has a set of their session hashes (`<prefix>sessions:user:<userId>`) for "sign out everywhere". Idle sessions
 * expire after SESSION_IDLE_TTL_SECONDS (each request slides it), every session after SESSION_ABSOLUTE_TTL_SECONDS.
 */
@Injectable()
export class SessionStore {
  private readonly prefix: string;
  private readonly idleTtlSeconds: number;
  private readonly absoluteTtlSeconds: number;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.prefix = `${env.REDIS_KEY_PREFIX}sessions:`;
    this.idleTtlSeconds = env.SESSION_IDLE_TTL_SECONDS;
    this.absoluteTtlSeconds = env.SESSION_ABSOLUTE_TTL_SECONDS;
  }

  /** Starts a session and returns its id: 256 random bits, known only to the browser's cookie. */
  async create(
    userId: string,
    meta: { ip: string | null; userAgent: string | null },
    authentication: SessionAuthentication = { method: 'password' },
  ): Promise<string> {
    const sessionId = randomBytes(32).toString('base64url');
    const now = Date.now();
    const data: SessionData = {
      userId,
      authentication,
      createdAtMs: now,
      expiresAtMs: now + this.absoluteTtlSeconds * 1000,
      ...meta,
    };
    const sessionHash = hashSessionId(sessionId);
    await this.redis
      .multi()
      .set(this.sessionKey(sessionHash), JSON.stringify(data), 'EX', this.ttlSeconds(data, now))
      .sadd(this.userKey(userId), sessionHash)
      // The set lives as long as the newest session can.
      .expire(this.userKey(userId), this.absoluteTtlSeconds)
      .exec();
    return sessionId;
  }

  /** The live session of an id, its idle timer restarted; null when unknown, expired or malformed. */
  async touch(sessionId: string): Promise<SessionData | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
    const key = this.sessionKey(hashSessionId(sessionId));
    const raw = await this.redis.getex(key, 'EX', this.idleTtlSeconds);
    if (!raw) return null;
    const parsed = sessionDataSchema.safeParse(JSON.parse(raw));
    const now = Date.now();
    if (!parsed.success || parsed.data.expiresAtMs <= now) {
      await this.redis.del(key);
      return null;
    }
    // Near the absolute end, the idle TTL set above would outlive the session; cut it back.
    const ttlSeconds = this.ttlSeconds(parsed.data, now);
    if (ttlSeconds < this.idleTtlSeconds) await this.redis.expire(key, ttlSeconds);
    return parsed.data;
  }

  async destroy(sessionId: string, userId: string): Promise<void> {
    const sessionHash = hashSessionId(sessionId);
    await this.redis.multi().del(this.sessionKey(sessionHash)).srem(this.userKey(userId), sessionHash).exec();
  }

  /**
   * Ends every session of a user and returns how many were live. Only the sessions listed when the call starts are
   * removed (SREM, not DEL of the set), so a sign-in that races with it keeps its new session.
   */
  async destroyAllForUser(userId: string): Promise<number> {
    const hashes = await this.redis.smembers(this.userKey(userId));
    if (hashes.length === 0) return 0;
    const removed = await this.redis.del(...hashes.map((sessionHash) => this.sessionKey(sessionHash)));
    await this.redis.srem(this.userKey(userId), ...hashes);
    return removed;
  }

  private ttlSeconds(data: SessionData, now: number): number {
    return Math.max(1, Math.min(this.idleTtlSeconds, Math.ceil((data.expiresAtMs - now) / 1000)));
  }

  private sessionKey(sessionHash: string): string {
    return `${this.prefix}${sessionHash}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}user:${userId}`;
  }
}

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}
