// Pieces of the OpenAI wire format shared by chat and legacy completions.
import { isObject } from './json.js';

export const SYSTEM_FINGERPRINT = 'fp_demo_upstream';

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls';

export function openAiUsage(promptTokens: number, completionTokens: number): object {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export const DONE = 'data: [DONE]\n\n';

/** True when the request asked for a final usage chunk (`stream_options.include_usage`). */
export function wantsStreamUsage(streamOptions: unknown): boolean {
  return isObject(streamOptions) && streamOptions.include_usage === true;
}
