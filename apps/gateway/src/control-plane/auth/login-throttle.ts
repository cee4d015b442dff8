import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { GatewayError, type GatewayEnv } from '@llmguard/shared';
import { GATEWAY_ENV } from '../../config';

/**
 * Brute-force protection for sign-in: failed attempts are counted per email and per client address in fixed
 * windows (Redis INCR with a TTL set on the first failure). Once either counter reaches its limit, sign-in answers
 * 429 with retry-after until the window ends, even with the right password, so guessing cannot continue.
 */
@Injectable()
export class LoginThrottle {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.prefix = `${env.REDIS_KEY_PREFIX}login-failures:`;
  }

  /** Throws 429 when the email or the address has used up its failed attempts. */
  async assertAllowed(email: string, ip: string | null): Promise<void> {
    const counters = this.counters(email, ip);
    const pipeline = this.redis.pipeline();
    for (const counter of counters) pipeline.get(counter.key).ttl(counter.key);
    const results = (await pipeline.exec()) ?? [];
    let retryAfterSeconds = 0;
    counters.forEach((counter, index) => {
      const failures = Number(results[index * 2]?.[1] ?? 0);
      const ttlSeconds = Number(results[index * 2 + 1]?.[1] ?? 0);
      if (failures >= counter.limit) retryAfterSeconds = Math.max(retryAfterSeconds, ttlSeconds, 1);
    });
    if (retryAfterSeconds > 0) {
      throw new GatewayError('rate_limited', {
        publicMessage: `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
        headers: { 'retry-after': String(retryAfterSeconds) },
      });
    }
  }

  async recordFailure(email: string, ip: string | null): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const counter of this.counters(email, ip)) {
      pipeline.incr(counter.key).expire(counter.key, this.env.LOGIN_FAILURE_WINDOW_SECONDS, 'NX');
    }
    await pipeline.exec();
  }

  /** A successful sign-in clears the email's counter; the address keeps its count (it may be guessing others). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.emailKey(email));
  }

  private counters(email: string, ip: string | null): { key: string; limit: number }[] {
    const counters = [{ key: this.emailKey(email), limit: this.env.LOGIN_MAX_FAILURES_PER_EMAIL }];
    if (ip) counters.push({ key: `${this.prefix}ip:${ip}`, limit: this.env.LOGIN_MAX_FAILURES_PER_IP });
    return counters;
  }

  // Hashed, so Redis keys do not list the emails people tried.
  private emailKey(email: string): string {
    return `${this.prefix}email:${createHash('sha256').update(email).digest('hex')}`;
  }
}
