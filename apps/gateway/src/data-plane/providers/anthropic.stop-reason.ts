import type { FinishReason } from '@llmguard/shared';
import { assertUnreachable } from './translation.helpers';

/** The `stop_reason` values a rendered Anthropic answer may carry. */
export type AnthropicStopReason =
  'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

/**
 * Anthropic `stop_reason` → canonical. `pause_turn` (a long server-tool turn paused, to be resumed
 * by sending the answer back) ends this answer normally, as the Vercel AI SDK maps it.
 * @see https://docs.anthropic.com/en/api/messages#response-stop-reason
 * @see https://docs.anthropic.com/en/docs/build-with-claude/handling-stop-reasons
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * Canonical → Anthropic `stop_reason`, for answers rendered in the Anthropic format. Anthropic has
 * no value for `error` or `other`; `end_turn` is what its SDK expects from a finished message.
 * @see https://docs.anthropic.com/en/api/messages#response-stop-reason
 */
export function toAnthropicStopReason(finishReason: FinishReason): AnthropicStopReason {
  switch (finishReason) {
    case 'stop':
      return 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return 'tool_use';
    case 'content-filter':
      return 'refusal';
    case 'error':
    case 'other':
      return 'end_turn';
    default:
      return assertUnreachable(finishReason);
  }
}
