import {
  describeErrorCode,
  emptyUsage,
  mergeUsage,
  type CanonicalUsage,
  type FinishReason,
} from '@llmguard/shared';
import { toOpenAIFinishReason } from '../providers/openai.finish-reason';
import { assertUnreachable } from '../providers/translation.helpers';
import type { StreamEncoder, StreamEncoderOptions } from './wire-codec';

const DONE_FRAME = 'data: [DONE]\n\n';

/** Canonical usage → OpenAI's usage object; unreported counts are written as 0. */
export function toOpenAIUsage(usage: CanonicalUsage): Record<string, unknown> {
  const promptTokens = usage.inputTokens ?? 0;
  const completionTokens = usage.outputTokens ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
  };
}

/**
 * Writes canonical events as OpenAI `chat.completion.chunk` frames, in the order OpenAI sends them:
 * a role chunk, content and `tool_calls` deltas, a chunk with `finish_reason`, the `choices: []`
 * usage chunk when the client asked for usage, then `[DONE]`. An error becomes a `{"error":…}`
 * frame, which the `openai` SDK throws as an `APIError`. Frames are built from small strings; only
 * the delta values go through `JSON.stringify`.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function createOpenAIStreamEncoder(options: StreamEncoderOptions): StreamEncoder {
  const created = Math.floor(Date.now() / 1000);
  const model = JSON.stringify(options.model);
  // With include_usage every chunk carries `"usage":null`, as OpenAI sends it.
  const usageSuffix = options.includeUsage ? ',"usage":null}' : '}';
  let prefix = '';
  let ended = false;
  let usage: CanonicalUsage | undefined;

  const chunk = (choice: string) => `data: ${prefix}[${choice}]${usageSuffix}\n\n`;
  const deltaChunk = (delta: string, finishReason: string | null = null) =>
    chunk(`{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}`);

  const start = (id: string): string => {
    if (prefix !== '') return '';
    const chunkId = JSON.stringify(id || `chatcmpl-${options.requestId}`);
    prefix = `{"id":${chunkId},"object":"chat.completion.chunk","created":${created},"model":${model},"choices":`;
    return deltaChunk('{"role":"assistant","content":""}');
  };

  const finish = (finishReason: FinishReason): string => {
    let frames = start('') + deltaChunk('{}', toOpenAIFinishReason(finishReason));
    if (options.includeUsage) {
      const usageJson = JSON.stringify(toOpenAIUsage(usage ?? emptyUsage()));
      frames += `data: ${prefix}[],"usage":${usageJson}}\n\n`;
    }
    return frames + DONE_FRAME;
  };

  return {
    encode(event) {
      if (ended) return '';
      switch (event.type) {
        case 'message-start':
          return start(event.id);
        case 'text-delta':
          if (event.delta === '') return '';
          return start('') + deltaChunk(`{"content":${JSON.stringify(event.delta)}}`);
        case 'tool-call-start':
          return (
            start('') +
            deltaChunk(
              `{"tool_calls":[{"index":${event.index},"id":${JSON.stringify(event.id)},"type":"function","function":{"name":${JSON.stringify(event.name)},"arguments":""}}]}`,
            )
          );
        case 'tool-call-delta':
          return (
            start('') +
            deltaChunk(
              `{"tool_calls":[{"index":${event.index},"function":{"arguments":${JSON.stringify(event.argumentsDelta)}}}]}`,
            )
          );
        case 'usage':
          usage = usage ? mergeUsage(usage, event.usage) : event.usage;
          return '';
        case 'finish':
          ended = true;
          return finish(event.finishReason);
        case 'error': {
          ended = true;
          const error = {
            message: event.message,
            type: describeErrorCode(event.code).openaiType,
            param: null,
            code: event.code,
          };
          return `data: ${JSON.stringify({ error })}\n\n`;
        }
        default:
          return assertUnreachable(event);
      }
    },
  };
}
