import { asRecord, nonNegativeInteger } from './passthrough-adapter';
import type { MeteredUsage, RequestContext } from '../pipeline/request-context';

/** Chat and completions name usage prompt/completion; Responses and Images name it input/output. */
export type OpenAIUsage = {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  input_tokens?: unknown;
  output_tokens?: unknown;
  input_tokens_details?: { cached_tokens?: unknown } | null;
};

export function toMeteredUsage(usage: OpenAIUsage | undefined): MeteredUsage {
  if (!usage) return {};
  const details = usage.prompt_tokens_details ?? usage.input_tokens_details;
  const input = nonNegativeInteger(usage.prompt_tokens) ?? nonNegativeInteger(usage.input_tokens);
  // Embeddings report no completion tokens: their output is free.
  const output = nonNegativeInteger(usage.completion_tokens) ?? nonNegativeInteger(usage.output_tokens);
  return {
    inputTokens: input,
    outputTokens: output ?? (input !== undefined ? 0 : undefined),
    cachedInputTokens: nonNegativeInteger(details?.cached_tokens) ?? 0,
  };
}

/** Whether the client itself asked for the usage chunk (`stream_options.include_usage`). */
export function clientAskedForUsage(context: RequestContext): boolean {
  return asRecord(context.body.stream_options).include_usage === true;
}
