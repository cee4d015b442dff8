import { describeErrorCode, mergeUsage, type CanonicalUsage } from '@llmguard/shared';
import { toAnthropicStopReason } from '../providers/anthropic.stop-reason';
import { assertUnreachable } from '../providers/translation.helpers';
import type { StreamEncoder, StreamEncoderOptions } from './wire-codec';

/**
 * Canonical usage → Anthropic's usage object. Anthropic's `input_tokens` excludes cache reads, so
 * the cached part is moved to `cache_read_input_tokens`; unreported counts are written as 0.
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
export function toAnthropicUsage(usage: CanonicalUsage): Record<string, number> {
  const cached = usage.cachedInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cached),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

type OpenBlock = { kind: 'text' | 'tool'; index: number };

/**
 * Writes canonical events as Anthropic Messages stream events: `message_start`, then per content
 * block `content_block_start` / `_delta` (`text_delta` or `input_json_delta`) / `_stop`, then
 * `message_delta` with the stop reason and usage, then `message_stop`. Input tokens are not known
 * when `message_start` goes out, so it says 0 and `message_delta` carries the totals, which the
 * `@anthropic-ai/sdk` applies to the final message.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 */
export function createAnthropicStreamEncoder(options: StreamEncoderOptions): StreamEncoder {
  let started = false;
  let ended = false;
  let open: OpenBlock | undefined;
  let nextBlock = 0;
  const toolBlocks = new Map<number, number>();
  let usage: CanonicalUsage | undefined;

  const start = (id: string): string => {
    if (started) return '';
    started = true;
    const message = {
      id: id || `msg_${options.requestId}`,
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return frame('message_start', `{"type":"message_start","message":${JSON.stringify(message)}}`);
  };

  const closeBlock = (): string => {
    if (!open) return '';
    const stop = frame('content_block_stop', `{"type":"content_block_stop","index":${open.index}}`);
    open = undefined;
    return stop;
  };

  const openBlock = (kind: OpenBlock['kind'], contentBlock: string): string => {
    const closed = closeBlock();
    open = { kind, index: nextBlock++ };
    return (
      closed +
      frame(
        'content_block_start',
        `{"type":"content_block_start","index":${open.index},"content_block":${contentBlock}}`,
      )
    );
  };

  const delta = (index: number, body: string) =>
    frame('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${body}}`);

  return {
    encode(event) {
      if (ended) return '';
      switch (event.type) {
        case 'message-start':
          return start(event.id);
        case 'text-delta': {
          if (event.delta === '') return '';
          let frames = start('');
          if (open?.kind !== 'text') frames += openBlock('text', '{"type":"text","text":""}');
          return (
            frames + delta(open?.index ?? 0, `{"type":"text_delta","text":${JSON.stringify(event.delta)}}`)
          );
        }
        case 'tool-call-start': {
          const frames =
            start('') +
            openBlock(
              'tool',
              `{"type":"tool_use","id":${JSON.stringify(event.id)},"name":${JSON.stringify(event.name)},"input":{}}`,
            );
          toolBlocks.set(event.index, open?.index ?? 0);
          return frames;
        }
        case 'tool-call-delta': {
          const block = toolBlocks.get(event.index);
          if (block === undefined || event.argumentsDelta === '') return '';
          return delta(
            block,
            `{"type":"input_json_delta","partial_json":${JSON.stringify(event.argumentsDelta)}}`,
          );
        }
        case 'usage':
          usage = usage ? mergeUsage(usage, event.usage) : event.usage;
          return '';
        case 'finish': {
          ended = true;
          const messageDelta = {
            type: 'message_delta',
            delta: { stop_reason: toAnthropicStopReason(event.finishReason), stop_sequence: null },
            usage: usage ? toAnthropicUsage(usage) : { output_tokens: 0 },
          };
          return (
            start('') +
            closeBlock() +
            frame('message_delta', JSON.stringify(messageDelta)) +
            frame('message_stop', '{"type":"message_stop"}')
          );
        }
        case 'error': {
          ended = true;
          const error = { type: describeErrorCode(event.code).anthropicType, message: event.message };
          return frame('error', JSON.stringify({ type: 'error', error }));
        }
        default:
          return assertUnreachable(event);
      }
    },
  };
}

function frame(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}
