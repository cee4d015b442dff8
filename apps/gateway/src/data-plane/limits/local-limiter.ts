import { windowMs, type LimitCheck } from './limit-plan';
import type { CheckState, LimitDecision, Limiter, RetryAfter } from './limit-decision';

/**
 * The fallback while the shared limiter (Redis) is unreachable and the policy says `fail_open`: the same GCRA
 * buckets and leases in process memory, each limit divided by the number of live gateway instances, so that
 * together they admit about what the shared limiter would. Budgets cannot be read without Redis and pass.
 * Buckets start full when the fallback begins and are dropped when Redis is back.
 */
export class LocalLimiter implements Limiter {
  private readonly tats = new Map<string, number>();
  private readonly leases = new Map<string, Set<string>>();

  constructor(
    /** Live gateway instances as last seen in Redis (at least 1). */
    private readonly liveInstances: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  admit(checks: readonly LimitCheck[], requestId: string): Promise<LimitDecision> {
    const now = this.clock();
    const instances = Math.max(1, this.liveInstances());
    let refusedBy: LimitDecision['refusedBy'];
    const refuse = (check: LimitCheck, index: number, retryAfter: RetryAfter) => {
      if (!refusedBy || rank(retryAfter) > rank(refusedBy.retryAfter))
        refusedBy = { check, index, retryAfter };
    };
    const next: (number | undefined)[] = [];
    const states: CheckState[] = checks.map((check, index) => {
      if (check.kind === 'budget') return { remaining: Number.MAX_SAFE_INTEGER, resetMs: 0 };
      const limit = Math.max(1, Math.floor(check.limit / instances));
      if (check.kind === 'concurrency') {
        const inUse = this.leases.get(check.key)?.size ?? 0;
        if (inUse >= limit) refuse(check, index, 1_000);
        return { remaining: Math.max(0, limit - inUse - 1), resetMs: 0, limit };
      }
      const window = windowMs(check.window);
      const interval = window / limit;
      const tat = Math.max(this.tats.get(check.key) ?? now, now);
      const after = tat + check.cost * interval;
      next[index] = after;
      if (check.cost > limit) refuse(check, index, 'never');
      else if (after - window > now) refuse(check, index, Math.ceil(after - window - now));
      return {
        remaining: Math.max(0, Math.floor((window - (after - now)) / interval + 1e-9)),
        resetMs: Math.ceil(after - now),
        limit,
      };
    });
    if (!refusedBy) {
      checks.forEach((check, index) => {
        const after = next[index];
        if (check.kind === 'rate' && after !== undefined) this.tats.set(check.key, after);
        if (check.kind === 'concurrency') this.leaseSet(check.key).add(requestId);
      });
    }
    return Promise.resolve({ admitted: !refusedBy, refusedBy, states, source: 'local' });
  }

  settle(checks: readonly LimitCheck[], requestId: string, deltas: readonly number[]): Promise<void> {
    const now = this.clock();
    const instances = Math.max(1, this.liveInstances());
    checks.forEach((check, index) => {
      if (check.kind === 'concurrency') this.leases.get(check.key)?.delete(requestId);
      const delta = deltas[index];
      if (check.kind !== 'rate' || !delta) return;
      const tat = this.tats.get(check.key);
      if (tat === undefined) return;
      const interval = windowMs(check.window) / Math.max(1, Math.floor(check.limit / instances));
      this.tats.set(check.key, Math.max(tat, now) + delta * interval);
    });
    return Promise.resolve();
  }

  /** Forgets everything: the shared limiter is back and is the truth again. */
  reset(): void {
    this.tats.clear();
    this.leases.clear();
  }

  private leaseSet(key: string): Set<string> {
    let set = this.leases.get(key);
    if (!set) this.leases.set(key, (set = new Set()));
    return set;
  }
}

function rank(retryAfter: RetryAfter): number {
  if (retryAfter === 'never') return Number.MAX_VALUE;
  if (retryAfter === 'budget_period') return Number.MAX_SAFE_INTEGER;
  return retryAfter;
}
