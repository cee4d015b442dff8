import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/** What a token is for; a token of one purpose never works for the other. */
export type EmailTokenPurpose = 'verify-email' | 'reset-password';

/** Whom a token was issued to. The email is kept so a token stops working if the address changes. */
export type EmailTokenSubject = { userId: string; email: string };

const subjectSchema = z.object({ userId: z.string(), email: z.string() });

/**
 * One-time tokens for emailed links, in Redis under `<prefix>email-tokens:<purpose>:<sha256(token)>` with a TTL,
 * so only the email holds a usable token. Consuming is GETDEL: a link works once.
 */
@Injectable()
export class EmailTokenStore {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.prefix = env.REDIS_KEY_PREFIX;
  }

  async issue(purpose: EmailTokenPurpose, subject: EmailTokenSubject, ttlSeconds: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.redis.set(this.tokenKey(purpose, token), JSON.stringify(subject), 'EX', ttlSeconds);
    return token;
  }

  async consume(purpose: EmailTokenPurpose, token: string): Promise<EmailTokenSubject | null> {
    const raw = await this.redis.getdel(this.tokenKey(purpose, token));
    if (!raw) return null;
    const parsed = subjectSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  /**
   * True at most once per cooldown per address and purpose, so nobody can flood an inbox through the API.
   */
  async mayMail(purpose: EmailTokenPurpose, email: string, cooldownSeconds: number): Promise<boolean> {
    const key = `${this.prefix}email-cooldown:${purpose}:${sha256(email)}`;
    return (await this.redis.set(key, '1', 'EX', cooldownSeconds, 'NX')) === 'OK';
  }

  private tokenKey(purpose: EmailTokenPurpose, token: string): string {
    return `${this.prefix}email-tokens:${purpose}:${sha256(token)}`;
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
