import type { FinishReason } from '@llmguard/shared';
import { assertUnreachable } from './translation.helpers';

/** The `finish_reason` values of OpenAI chat completions. */
export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/**
 * OpenAI `finish_reason` → canonical. Unknown values from OpenAI-compatible servers become `other`.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function mapOpenAIFinishReason(finishReason: string | null | undefined): FinishReason {
  switch (finishReason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * Canonical → OpenAI `finish_reason`, for answers rendered in the OpenAI format. OpenAI has no
 * value for `error` or `other`; `stop` is what its SDKs expect from a finished choice.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
export function toOpenAIFinishReason(finishReason: FinishReason): OpenAIFinishReason {
  switch (finishReason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'error':
    case 'other':
      return 'stop';
    default:
      return assertUnreachable(finishReason);
  }
}
