// Timing of a reply: time to first token, then inter-token latency, abandoned as soon as the
// client goes away (the AbortSignal) or an injected cut is due.
import { setImmediate as yieldToLoop, setTimeout as delay } from 'node:timers/promises';

/** Waits ms; resolves false if the signal aborted first. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** How long a non-streaming reply of n tokens takes: the time its stream would have taken. */
export function replyDuration(n: number, ttftMs: number, itlMs: number): number {
  return ttftMs + Math.max(0, n - 1) * itlMs;
}

export type PaceOutcome = 'complete' | 'client-gone' | 'cut';

export type PaceInput = {
  steps: number;
  ttftMs: number;
  itlMs: number;
  /** Step index before which the socket is cut, or null for no cut. */
  cutBefore: number | null;
  signal: AbortSignal;
  /** Writes step i; resolves false when the client is gone. */
  emit: (i: number) => Promise<boolean>;
};

// With no delay configured the loop would otherwise run in microtasks only and starve the event
// loop (no new connections, no 'close' events) until a long stream ends.
const YIELD_EVERY = 64;

export async function pace(input: PaceInput): Promise<PaceOutcome> {
  const { steps, ttftMs, itlMs, cutBefore, signal, emit } = input;
  if (!(await sleep(ttftMs, signal))) return 'client-gone';
  for (let i = 0; i < steps; i++) {
    if (i === cutBefore) return 'cut';
    if (i > 0 && itlMs > 0) {
      if (!(await sleep(itlMs, signal))) return 'client-gone';
    } else if (i > 0 && i % YIELD_EVERY === 0) {
      await yieldToLoop();
    }
    if (signal.aborted || !(await emit(i))) return 'client-gone';
  }
  return cutBefore === steps ? 'cut' : 'complete';
}
