import { promptTokensOf, type RequestContext } from '../pipeline/request-context';
import type { TokenEstimate } from './limit-plan';

/** Output tokens reserved when neither the request nor the policy bounds them. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 1_024;

/**
 * What a request may cost before it runs: its prompt counted with the tokenizer, and at most `max_tokens` (or the
 * field's newer names) per choice, or the policy's default. Settled against the real usage when it ends.
 */
export function estimateRequestTokens(
  context: RequestContext,
  defaultMaxOutput: number | undefined,
): TokenEstimate {
  const { endpoint, body } = context;
  if (endpoint === 'audio/transcriptions' || endpoint === 'images/generations')
    return { input: 0, output: 0 };
  const input = promptTokensOf(context);
  if (endpoint === 'embeddings') return { input, output: 0 };
  const max = firstPositiveInteger(body.max_tokens, body.max_completion_tokens, body.max_output_tokens);
  const choices = firstPositiveInteger(body.n) ?? 1;
  return { input, output: (max ?? defaultMaxOutput ?? DEFAULT_MAX_OUTPUT_TOKENS) * choices };
}

function firstPositiveInteger(...values: unknown[]): number | undefined {
  for (const value of values)
    if (Number.isSafeInteger(value) && (value as number) > 0) return value as number;
  return undefined;
}
