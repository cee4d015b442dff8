/**
 * Latency outlier detection for one deployment: the share of its recent calls that were slow (their answer took
 * longer than the threshold to arrive), over a sliding window of fixed buckets. Allocation-free per call.
 */
export class SlowCallWindow {
  private readonly calls: Uint32Array;
  private readonly slow: Uint32Array;
  private readonly bucketMs: number;
  private currentBucket = 0;
  private currentStart = 0;

  constructor(
    private readonly windowMs: number,
    buckets = 10,
  ) {
    this.calls = new Uint32Array(buckets);
    this.slow = new Uint32Array(buckets);
    this.bucketMs = windowMs / buckets;
  }

  record(wasSlow: boolean, nowMs: number): void {
    this.advance(nowMs);
    this.calls[this.currentBucket] = (this.calls[this.currentBucket] ?? 0) + 1;
    if (wasSlow) this.slow[this.currentBucket] = (this.slow[this.currentBucket] ?? 0) + 1;
  }

  /** Slow share of the window's calls, or undefined below `minimumCalls` (too little traffic to judge). */
  slowRate(minimumCalls: number, nowMs: number): number | undefined {
    this.advance(nowMs);
    let calls = 0;
    let slow = 0;
    for (let index = 0; index < this.calls.length; index += 1) {
      calls += this.calls[index] ?? 0;
      slow += this.slow[index] ?? 0;
    }
    return calls < minimumCalls ? undefined : slow / calls;
  }

  reset(): void {
    this.calls.fill(0);
    this.slow.fill(0);
  }

  /** Moves to the bucket of `nowMs`, emptying the buckets that fell out of the window on the way. */
  private advance(nowMs: number): void {
    if (this.currentStart === 0) this.currentStart = nowMs;
    let steps = Math.floor((nowMs - this.currentStart) / this.bucketMs);
    if (steps <= 0) return;
    if (steps > this.calls.length) steps = this.calls.length;
    for (let step = 0; step < steps; step += 1) {
      this.currentBucket = (this.currentBucket + 1) % this.calls.length;
      this.calls[this.currentBucket] = 0;
      this.slow[this.currentBucket] = 0;
    }
    this.currentStart = nowMs - ((nowMs - this.currentStart) % this.bucketMs);
  }
}
