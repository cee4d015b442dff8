import type { CanonicalTextPart, CanonicalToolCallPart } from './canonical-request';
import type { FinishReason } from './finish-reason';
import type { CanonicalUsage } from './usage';

/** A complete (non-streamed) answer in the canonical form. */
export type CanonicalChatResponse = {
  /** The provider's id for this answer (`chatcmpl-…`, `msg_…`, Gemini's `responseId`). */
  id: string;
  /** The model the provider says answered. */
  model: string;
  /** Text and tool calls in the order the model produced them. */
  content: Array<CanonicalTextPart | CanonicalToolCallPart>;
  finishReason: FinishReason;
  /** The provider's own finish value (e.g. `end_turn`), kept for logs. */
  rawFinishReason?: string;
  usage: CanonicalUsage;
};
