import { randomUUID } from 'node:crypto';

/**
 * Google's documented placeholder for function calls whose thought signature is unknown, e.g. a
 * conversation that started on another model.
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures#faqs
 */
export const PLACEHOLDER_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const SIGNED_ID = /^call_[0-9a-f]{24}_ts_([A-Za-z0-9_-]+)$/;

/**
 * A tool-call id for a Gemini function call. Gemini gives calls no id, and Gemini 3 wants each
 * call's `thoughtSignature` back in the next request; clients only echo the id, so the signature
 * travels inside it (base64url, so the id stays valid for OpenAI and Anthropic clients too).
 * @see https://ai.google.dev/gemini-api/docs/thought-signatures
 */
export function newGeminiToolCallId(thoughtSignature: string | undefined): string {
  const id = `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  if (!thoughtSignature) return id;
  return `${id}_ts_${thoughtSignature.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The thought signature carried in an id made by `newGeminiToolCallId`, if any. */
export function thoughtSignatureOf(toolCallId: string): string | undefined {
  const encoded = SIGNED_ID.exec(toolCallId)?.[1];
  if (!encoded) return undefined;
  const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
  return base64 + '='.repeat((4 - (base64.length % 4)) % 4);
}
