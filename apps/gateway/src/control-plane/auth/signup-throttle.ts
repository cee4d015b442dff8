import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * Limits account creation per client address: every sign-up attempt (successful or not) counts in a fixed window
 * (Redis INCR, TTL set on the first attempt). Past the limit, sign-up answers 429 with retry-after until the window
 * ends, so a script cannot mass-create accounts or probe which emails are registered.
 */
@Injectable()
export class SignupThrottle {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.prefix = `${env.REDIS_KEY_PREFIX}signup-attempts:`;
  }

  /** Counts this attempt; throws 429 when the address has used up its sign-ups for the window. */
  async consume(ip: string | null): Promise<void> {
    if (!ip) return;
    const key = `${this.prefix}${ip}`;
    const results = await this.redis
      .pipeline()
      .incr(key)
      .expire(key, this.env.SIGNUP_WINDOW_SECONDS, 'NX')
      .ttl(key)
      .exec();
    const attempts = Number(results?.[0]?.[1] ?? 0);
    if (attempts <= this.env.SIGNUP_MAX_PER_IP) return;
    const retryAfterSeconds = Math.max(Number(results?.[2]?.[1] ?? 0), 1);
    throw new GatewayError('rate_limited', {
      publicMessage: `Too many sign-ups from your network. Try again in ${retryAfterSeconds} seconds.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
