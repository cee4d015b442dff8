import type { Cluster, Redis, Result } from 'ioredis';
import { windowMs, type LimitCheck } from './limit-plan';
import type { CheckState, LimitDecision, Limiter, RetryAfter } from './limit-decision';
import { ADMIT_SCRIPT, RENEW_SCRIPT, SETTLE_SCRIPT } from './limiter-scripts';

declare module 'ioredis' {
  // Declaration merging adds the scripts' commands to ioredis's types: only an interface can do that.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface RedisCommander<Context> {
    llmguardAdmit(...args: (string | number)[]): Result<number[], Context>;
    llmguardSettle(...args: (string | number)[]): Result<number, Context>;
    llmguardRenew(...args: (string | number)[]): Result<number, Context>;
  }
}

/**
 * The shared limiter: one EVALSHA per admission decision, whatever the number of limits, exact across gateway
 * instances (the scripts are atomic). Works on a single Redis and on Redis Cluster (every key of one call carries
 * the tenant's hash tag).
 */
export class RedisLimiter implements Limiter {
  constructor(
    private readonly redis: Redis | Cluster,
    /** REDIS_KEY_PREFIX: keys are namespaced per environment. */
    private readonly prefix: string,
    private readonly leaseTtlMs: number,
  ) {
    redis.defineCommand('llmguardAdmit', { lua: ADMIT_SCRIPT });
    redis.defineCommand('llmguardSettle', { lua: SETTLE_SCRIPT });
    redis.defineCommand('llmguardRenew', { lua: RENEW_SCRIPT });
  }

  async admit(checks: readonly LimitCheck[], requestId: string): Promise<LimitDecision> {
    const args: (string | number)[] = [checks.length];
    for (const check of checks) args.push(this.prefix + check.key);
    args.push(requestId, this.leaseTtlMs);
    for (const check of checks) args.push(...scriptArguments(check));
    const reply = await this.redis.llmguardAdmit(...args);
    const states: CheckState[] = checks.map((_, index) => ({
      remaining: reply[3 + index * 2] ?? 0,
      resetMs: reply[4 + index * 2] ?? 0,
    }));
    const index = (reply[1] ?? 0) - 1;
    const refused = checks[index];
    return {
      admitted: reply[0] === 1,
      refusedBy: refused ? { check: refused, index, retryAfter: toRetryAfter(reply[2] ?? 0) } : undefined,
      states,
      source: 'shared',
    };
  }

  async settle(checks: readonly LimitCheck[], requestId: string, deltas: readonly number[]): Promise<void> {
    const keys: string[] = [];
    const args: (string | number)[] = [];
    checks.forEach((check, index) => {
      if (check.kind === 'rate' && deltas[index]) {
        keys.push(this.prefix + check.key);
        args.push('t', deltas[index] ?? 0, windowMs(check.window) / check.limit);
      } else if (check.kind === 'concurrency') {
        keys.push(this.prefix + check.key);
        args.push('c', 0, 0);
      }
    });
    if (keys.length > 0) await this.redis.llmguardSettle(keys.length, ...keys, requestId, ...args);
  }

  /** Extends the leases of requests still in flight; leases of one call must belong to one tenant. */
  async renew(leases: readonly { key: string; requestId: string }[]): Promise<void> {
    if (leases.length === 0) return;
    const keys = leases.map((lease) => this.prefix + lease.key);
    await this.redis.llmguardRenew(
      keys.length,
      ...keys,
      this.leaseTtlMs,
      ...leases.map((lease) => lease.requestId),
    );
  }
}

function scriptArguments(check: LimitCheck): (string | number)[] {
  switch (check.kind) {
    case 'rate':
      return ['r', check.limit, check.cost, windowMs(check.window)];
    case 'concurrency':
      return ['c', check.limit, 0, 0];
    case 'budget':
      return ['b', check.capMicros, check.action === 'block' ? 1 : 0, 0];
  }
}

function toRetryAfter(ms: number): RetryAfter {
  if (ms === -1) return 'never';
  if (ms === -2) return 'budget_period';
  return ms;
}
