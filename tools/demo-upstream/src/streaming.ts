// The shared life cycle of a reply, streamed or not: pacing, stats, injected cuts, client aborts.
import type { OutgoingHttpHeaders } from 'node:http';
import type { Exchange } from './exchange.js';
import { cutPoint } from './failures.js';
import { pace, replyDuration, sleep } from './pacing.js';
import { openSse, type SseWriter } from './sse.js';

export type StreamScript = {
  headers: OutgoingHttpHeaders;
  /** Number of paced steps (one token each, or a tool call's header). */
  steps: number;
  /** Sent before pacing starts (e.g. Anthropic's message_start). Resolves false if the client left. */
  open?: (sse: SseWriter) => Promise<boolean>;
  emit: (i: number, sse: SseWriter) => Promise<boolean>;
  /** Sent after the last step: finish reason, usage, terminator. */
  finish: (sse: SseWriter) => Promise<void>;
};

export async function runStream(ex: Exchange, script: StreamScript): Promise<void> {
  const { stats, options } = ex.state;
  stats.streams += 1;
  stats.activeStreams += 1;
  try {
    const sse = openSse(ex.res, script.headers, stats);
    if (script.open && !(await script.open(sse))) return;
    const outcome = await pace({
      steps: script.steps,
      ttftMs: ex.knobs.ttftMs,
      itlMs: ex.knobs.itlMs,
      cutBefore: ex.cutStream ? cutPoint(script.steps, options.disconnectAfter) : null,
      signal: ex.signal,
      emit: (i) => script.emit(i, sse),
    });
    if (outcome === 'cut') ex.cut();
    if (outcome === 'complete') await script.finish(sse);
  } finally {
    stats.activeStreams -= 1;
  }
}

/**
 * Waits as long as the stream would have taken, then reports whether the client is still there.
 * Output tokens are counted only for replies actually sent.
 */
export async function waitForReply(ex: Exchange, tokens: number): Promise<boolean> {
  const ok = await sleep(replyDuration(tokens, ex.knobs.ttftMs, ex.knobs.itlMs), ex.signal);
  if (ok) ex.state.stats.completionTokens += tokens;
  return ok;
}
