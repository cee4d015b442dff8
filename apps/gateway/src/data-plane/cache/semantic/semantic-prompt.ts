import type { CanonicalChatRequest } from '@llmguard/shared';
import { answerKeyFields, sha256Of } from '../cacheable-request';

/** Longest question the semantic cache compares; longer prompts are left to the exact cache. */
export const SEMANTIC_QUESTION_CHARS_MAX = 8_000;

/**
 * What the semantic cache compares: the last user turn (the question), embedded and matched by similarity, and
 * everything else about the request (system prompt, earlier turns, tools, parameters), which must match exactly. So a
 * near-duplicate question gets a cached answer only in the same conversation state, never one written for another
 * system prompt or another history.
 */
export type SemanticPrompt = {
  /** SHA-256 of the request without its last turn. */
  contextHash: string;
  question: string;
};

/** Undefined when the request does not end with a text-only user turn of a sensible length. */
export function semanticPromptOf(canonical: CanonicalChatRequest, model: string): SemanticPrompt | undefined {
  const last = canonical.messages.at(-1);
  if (last?.role !== 'user') return undefined;
  let question = '';
  for (const part of last.content) {
    if (part.type !== 'text') return undefined;
    question += (question ? '\n' : '') + part.text;
  }
  question = question.trim();
  if (question === '' || question.length > SEMANTIC_QUESTION_CHARS_MAX) return undefined;
  const context = { ...canonical, messages: canonical.messages.slice(0, -1) };
  return { contextHash: sha256Of(answerKeyFields(context, model)), question };
}
