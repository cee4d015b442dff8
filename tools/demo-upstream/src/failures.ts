// Failure injection: forced per request by header, or drawn from a seeded PRNG so runs repeat exactly.

export type Rng = () => number;

export type Failure = { kind: 'status'; status: number } | { kind: 'disconnect' };

/** mulberry32: tiny, fast, and good enough to pick which requests fail. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Reads an x-demo-fail value: a 4xx/5xx status or "disconnect"; anything else is ignored. */
export function parseForcedFailure(value: string | undefined): Failure | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (v === 'disconnect') return { kind: 'disconnect' };
  const status = Number(v);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? { kind: 'status', status } : null;
}

export type FailurePolicy = {
  errorRate: number;
  errorCodes: readonly number[];
  disconnectRate: number;
};

/**
 * Decides the failure for one inference request. Random draws happen only when a rate is set,
 * so enabling one kind of failure does not shift which requests get the other.
 */
export function pickFailure(
  forced: Failure | null,
  streaming: boolean,
  policy: FailurePolicy,
  rng: Rng,
): Failure | null {
  if (forced !== null) return forced;
  if (policy.errorRate > 0 && rng() < policy.errorRate) {
    const status = policy.errorCodes[Math.floor(rng() * policy.errorCodes.length)];
    if (status !== undefined) return { kind: 'status', status };
  }
  // Random cuts only hit streams: a cut non-streaming request is just a connection error.
  if (streaming && policy.disconnectRate > 0 && rng() < policy.disconnectRate) return { kind: 'disconnect' };
  return null;
}

/** Index of the token before which an injected cut happens. */
export function cutPoint(steps: number, disconnectAfter: number | null): number {
  return Math.min(steps, disconnectAfter ?? Math.floor(steps / 2));
}
