import type { LimitCheck } from './limit-plan';

/** Where a check stands after an admission decision. */
export type CheckState = {
  /** Units left (after this request when admitted); for budgets, micros left under the cap. */
  remaining: number;
  /** Ms until a rate bucket is full again; 0 for concurrency and budgets. */
  resetMs: number;
  /** The limit applied when it is not the check's own (the fail-open limiter's share of it). */
  limit?: number;
};

/** How long to wait before retrying: ms, `never` (the request alone exceeds the limit), or the budget period. */
export type RetryAfter = number | 'never' | 'budget_period';

export type LimitDecision = {
  admitted: boolean;
  /** The check that refused the request (the one with the longest wait). */
  refusedBy?: { check: LimitCheck; index: number; retryAfter: RetryAfter };
  /** One per check of the plan, in its order. */
  states: CheckState[];
  /** Which limiter decided: the shared one, or the in-process fallback while Redis is unreachable. */
  source: 'shared' | 'local';
};

/** A limiter: Redis-backed and shared by every instance, or in-process. */
export type Limiter = {
  admit(checks: readonly LimitCheck[], requestId: string): Promise<LimitDecision>;
  /** Corrects token reservations by the real usage (delta per rate check) and releases concurrency leases. */
  settle(checks: readonly LimitCheck[], requestId: string, deltas: readonly number[]): Promise<void>;
};
