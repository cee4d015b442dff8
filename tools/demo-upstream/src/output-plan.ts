// What a reply will contain, decided before anything is sent: text pieces or a tool call,
// capped by max_tokens. Output tokens are counted from the plan, never estimated.
import { replyPieces, type ReplySeed } from './reply.js';
import type { ToolCall } from './tool-call.js';

export type OutputPlan =
  | { kind: 'text'; pieces: readonly string[]; truncated: boolean }
  | { kind: 'tool'; call: ToolCall; pieces: readonly string[]; truncated: boolean };

export function textPlan(seed: ReplySeed, naturalTokens: number, maxTokens: number | undefined): OutputPlan {
  const n = maxTokens === undefined ? naturalTokens : Math.min(naturalTokens, maxTokens);
  return { kind: 'text', pieces: replyPieces(seed, n), truncated: n < naturalTokens };
}

/** A capped tool call keeps its name and loses the tail of its arguments, as a real model's would. */
export function toolPlan(call: ToolCall, maxTokens: number | undefined): OutputPlan {
  const budget =
    maxTokens === undefined ? call.argumentPieces.length : Math.max(0, maxTokens - call.nameTokens);
  const pieces = call.argumentPieces.slice(0, budget);
  return { kind: 'tool', call, pieces, truncated: pieces.length < call.argumentPieces.length };
}

export function outputTokens(plan: OutputPlan): number {
  return plan.pieces.length + (plan.kind === 'tool' ? plan.call.nameTokens : 0);
}
