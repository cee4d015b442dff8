import type { CanonicalStreamEvent } from '@llmguard/shared';
import { convertAnthropicUsage, mapAnthropicErrorType, type AnthropicUsage } from './anthropic.response';
import { mapAnthropicStopReason } from './anthropic.stop-reason';
import type { StreamParser } from './provider-adapter';
import { isRecord, nonEmptyString, safeParseJson, tokenCount } from './translation.helpers';

type ToolBlock = { index: number; sawArguments: boolean };

/**
 * Parser for Anthropic Messages streams. Input tokens arrive in `message_start`, the output count
 * (and, from newer API versions, the cumulative input counts again) in `message_delta`; the two are
 * combined into one canonical `usage`, sent with `finish` on `message_delta`. Tool calls stream as
 * `tool_use` blocks whose arguments arrive as `input_json_delta` fragments.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export function createAnthropicStreamParser(): StreamParser {
  const usage: AnthropicUsage = {};
  // Content-block index → the canonical tool-call index of that block.
  const toolBlocks = new Map<number, ToolBlock>();
  let finished = false;

  return ({ event: eventName, data }) => {
    if (finished || eventName === 'ping') return [];
    const payload = safeParseJson(data);
    if (!isRecord(payload)) {
      finished = true;
      return [
        { type: 'error', code: 'upstream_error', message: 'The upstream sent a malformed stream event.' },
      ];
    }
    const type = typeof payload.type === 'string' ? payload.type : eventName;
    switch (type) {
      case 'message_start': {
        const message = isRecord(payload.message) ? payload.message : {};
        updateUsage(usage, message.usage);
        return [{ type: 'message-start', id: stringOr(message.id), model: stringOr(message.model) }];
      }
      case 'content_block_start':
        return startBlock(payload, toolBlocks);
      case 'content_block_delta':
        return blockDelta(payload, toolBlocks);
      case 'content_block_stop': {
        // A tool called without arguments sends no (or only empty) JSON; OpenAI clients need "{}".
        const block = typeof payload.index === 'number' ? toolBlocks.get(payload.index) : undefined;
        if (!block || block.sawArguments) return [];
        block.sawArguments = true;
        return [{ type: 'tool-call-delta', index: block.index, argumentsDelta: '{}' }];
      }
      case 'message_delta': {
        finished = true;
        updateUsage(usage, payload.usage);
        const delta = isRecord(payload.delta) ? payload.delta : {};
        const stopReason = nonEmptyString(delta.stop_reason);
        return [
          { type: 'usage', usage: convertAnthropicUsage(usage) },
          { type: 'finish', finishReason: mapAnthropicStopReason(stopReason), rawFinishReason: stopReason },
        ];
      }
      case 'error': {
        finished = true;
        const error = isRecord(payload.error) ? payload.error : {};
        return [
          {
            type: 'error',
            code: mapAnthropicErrorType(nonEmptyString(error.type)),
            message: nonEmptyString(error.message) ?? 'The upstream model server failed mid-stream.',
          },
        ];
      }
      default:
        // message_stop, ping, and event types added later carry nothing to translate.
        return [];
    }
  };
}

function startBlock(
  payload: Record<string, unknown>,
  toolBlocks: Map<number, ToolBlock>,
): CanonicalStreamEvent[] {
  const block = isRecord(payload.content_block) ? payload.content_block : {};
  if (block.type === 'text') {
    const text = nonEmptyString(block.text);
    return text ? [{ type: 'text-delta', delta: text }] : [];
  }
  if (block.type !== 'tool_use' || typeof payload.index !== 'number') return [];
  const tool: ToolBlock = { index: toolBlocks.size, sawArguments: false };
  toolBlocks.set(payload.index, tool);
  const events: CanonicalStreamEvent[] = [
    { type: 'tool-call-start', index: tool.index, id: stringOr(block.id), name: stringOr(block.name) },
  ];
  // The input is normally `{}` here and streamed as JSON fragments; a filled one is sent whole.
  if (isRecord(block.input) && Object.keys(block.input).length > 0) {
    tool.sawArguments = true;
    events.push({ type: 'tool-call-delta', index: tool.index, argumentsDelta: JSON.stringify(block.input) });
  }
  return events;
}

function blockDelta(
  payload: Record<string, unknown>,
  toolBlocks: Map<number, ToolBlock>,
): CanonicalStreamEvent[] {
  const delta = isRecord(payload.delta) ? payload.delta : {};
  if (delta.type === 'text_delta') {
    const text = nonEmptyString(delta.text);
    return text ? [{ type: 'text-delta', delta: text }] : [];
  }
  if (delta.type !== 'input_json_delta' || typeof payload.index !== 'number') return [];
  const tool = toolBlocks.get(payload.index);
  const fragment = nonEmptyString(delta.partial_json);
  if (!tool || !fragment) return [];
  tool.sawArguments = true;
  return [{ type: 'tool-call-delta', index: tool.index, argumentsDelta: fragment }];
}

/** Counters are cumulative: a value present in a later event replaces the earlier one. */
function updateUsage(usage: AnthropicUsage, update: unknown): void {
  if (!isRecord(update)) return;
  usage.input_tokens = tokenCount(update.input_tokens) ?? usage.input_tokens;
  usage.output_tokens = tokenCount(update.output_tokens) ?? usage.output_tokens;
  usage.cache_read_input_tokens = tokenCount(update.cache_read_input_tokens) ?? usage.cache_read_input_tokens;
  usage.cache_creation_input_tokens =
    tokenCount(update.cache_creation_input_tokens) ?? usage.cache_creation_input_tokens;
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
