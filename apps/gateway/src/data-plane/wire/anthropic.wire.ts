import type {
  CanonicalChatRequest,
  CanonicalChatResponse,
  CanonicalImagePart,
  CanonicalMessage,
  CanonicalTextPart,
  CanonicalToolCallPart,
  CanonicalToolResultPart,
} from '@llmguard/shared';
import { toAnthropicStopReason } from '../providers/anthropic.stop-reason';
import { assertUnreachable, parseArgumentsObject } from '../providers/translation.helpers';
import {
  ANTHROPIC_CANONICAL_FIELDS,
  anthropicMessagesRequestSchema,
  type AnthropicContentBlock,
  type AnthropicMessageParam,
  type AnthropicMessagesRequestBody,
} from './anthropic-wire.schema';
import { createAnthropicStreamEncoder, toAnthropicUsage } from './anthropic.stream-encoder';
import type { RenderResponseOptions, WireCodec } from './wire-codec';
import { parseWireBody } from './wire-validation';

type ImageBlock = Extract<AnthropicContentBlock, { type: 'image' }>;

/**
 * Anthropic Messages body → canonical. `system` becomes a leading system turn; `tool_result`
 * blocks become tool turns, split from the user text around them in order; thinking blocks are
 * dropped. Unknown top-level fields are kept in `providerOptions.anthropic`.
 * @see https://docs.anthropic.com/en/api/messages
 */
function toCanonical(body: unknown): CanonicalChatRequest {
  const parsed = parseWireBody(anthropicMessagesRequestSchema, body);
  const messages: CanonicalMessage[] = [];
  if (parsed.system != null) messages.push({ role: 'system', content: textParts(parsed.system) });
  for (const message of parsed.messages) messages.push(...toCanonicalMessages(message));
  const request: CanonicalChatRequest = {
    model: parsed.model,
    messages,
    maxOutputTokens: parsed.max_tokens,
    stream: parsed.stream === true,
  };
  if (parsed.temperature != null) request.temperature = parsed.temperature;
  if (parsed.top_p != null) request.topP = parsed.top_p;
  if (parsed.top_k != null) request.topK = parsed.top_k;
  if (parsed.stop_sequences?.length) request.stopSequences = parsed.stop_sequences;
  if (parsed.tools?.length) {
    request.tools = parsed.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description == null ? {} : { description: tool.description }),
      parameters: tool.input_schema,
    }));
  }
  applyToolChoice(request, parsed.tool_choice);
  const format = parsed.output_config?.format;
  if (format) request.responseFormat = { type: 'json-schema', name: 'response', schema: format.schema };
  if (parsed.metadata?.user_id) request.endUser = parsed.metadata.user_id;
  const extra = passthroughFields(parsed);
  if (extra) request.providerOptions = { anthropic: extra };
  return request;
}

function toCanonicalMessages(message: AnthropicMessageParam): CanonicalMessage[] {
  const blocks: AnthropicContentBlock[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  switch (message.role) {
    case 'system':
      return [
        {
          role: 'system',
          content: blocks.flatMap((block) => (block.type === 'text' ? [textPart(block.text)] : [])),
        },
      ];
    case 'assistant':
      return [{ role: 'assistant', content: blocks.flatMap(toAssistantPart) }];
    case 'user':
      return splitUserTurn(blocks);
    default:
      return assertUnreachable(message.role);
  }
}

/** A user turn may mix tool results and text; each run becomes its own canonical turn, in order. */
function splitUserTurn(blocks: AnthropicContentBlock[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = [];
  for (const block of blocks) {
    const last = messages.at(-1);
    if (block.type === 'tool_result') {
      const result: CanonicalToolResultPart = {
        type: 'tool-result',
        toolCallId: block.tool_use_id,
        content:
          block.content == null
            ? []
            : typeof block.content === 'string'
              ? [textPart(block.content)]
              : block.content.map(toUserPart),
        ...(block.is_error ? { isError: true } : {}),
      };
      if (last?.role === 'tool') last.content.push(result);
      else messages.push({ role: 'tool', content: [result] });
    } else if (block.type === 'text' || block.type === 'image') {
      const part = toUserPart(block);
      if (last?.role === 'user') last.content.push(part);
      else messages.push({ role: 'user', content: [part] });
    }
  }
  return messages;
}

function toUserPart(
  block: Extract<AnthropicContentBlock, { type: 'text' | 'image' }>,
): CanonicalTextPart | CanonicalImagePart {
  return block.type === 'text' ? textPart(block.text) : imagePart(block);
}

function imagePart(block: ImageBlock): CanonicalImagePart {
  const { source } = block;
  return {
    type: 'image',
    source:
      source.type === 'url'
        ? { kind: 'url', url: source.url }
        : { kind: 'base64', mediaType: source.media_type, data: source.data },
  };
}

function toAssistantPart(block: AnthropicContentBlock): Array<CanonicalTextPart | CanonicalToolCallPart> {
  if (block.type === 'text') return [textPart(block.text)];
  if (block.type === 'tool_use') {
    return [{ type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input) }];
  }
  return [];
}

/**
 * Anthropic `tool_choice` → canonical: `any` means some tool is required, and
 * `disable_parallel_tool_use` becomes `parallelToolCalls: false`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#controlling-claudes-output
 */
function applyToolChoice(
  request: CanonicalChatRequest,
  choice: AnthropicMessagesRequestBody['tool_choice'],
): void {
  if (choice == null) return;
  switch (choice.type) {
    case 'auto':
      request.toolChoice = 'auto';
      break;
    case 'any':
      request.toolChoice = 'required';
      break;
    case 'tool':
      request.toolChoice = { name: choice.name };
      break;
    case 'none':
      request.toolChoice = 'none';
      return;
    default:
      return assertUnreachable(choice);
  }
  if (choice.disable_parallel_tool_use) request.parallelToolCalls = false;
}

function textParts(system: string | Array<{ text: string }>): CanonicalTextPart[] {
  return typeof system === 'string' ? [textPart(system)] : system.map((block) => textPart(block.text));
}

function textPart(text: string): CanonicalTextPart {
  return { type: 'text', text };
}

function passthroughFields(parsed: AnthropicMessagesRequestBody): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(parsed)) {
    if (ANTHROPIC_CANONICAL_FIELDS.has(key) || value === undefined) continue;
    extra ??= {};
    extra[key] = value;
  }
  // output_config.format is canonical; its other settings (effort…) only mean something to Anthropic.
  const { format: _format, ...outputSettings } = parsed.output_config ?? {};
  if (Object.keys(outputSettings).length > 0) (extra ??= {}).output_config = outputSettings;
  return extra;
}

/**
 * Canonical answer → Anthropic `message`. Tool-call arguments that are not a JSON object (cut off
 * by the token limit) become `{}`, since `input` must be an object.
 * @see https://docs.anthropic.com/en/api/messages#response
 */
function renderResponse(
  response: CanonicalChatResponse,
  options: RenderResponseOptions,
): Record<string, unknown> {
  return {
    id: response.id || `msg_${options.requestId ?? ''}`,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content: response.content.map((part) =>
      part.type === 'text'
        ? { type: 'text', text: part.text }
        : {
            type: 'tool_use',
            id: part.id,
            name: part.name,
            input: parseArgumentsObject(part.arguments) ?? {},
          },
    ),
    stop_reason: toAnthropicStopReason(response.finishReason),
    stop_sequence: null,
    usage: toAnthropicUsage(response.usage),
  };
}

/** The Anthropic Messages wire format (`POST /v1/messages`). */
export const anthropicWire: WireCodec = {
  wire: 'anthropic',
  toCanonical,
  renderResponse,
  createStreamEncoder: createAnthropicStreamEncoder,
};
