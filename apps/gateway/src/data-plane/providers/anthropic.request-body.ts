import {
  GatewayError,
  type CanonicalChatRequest,
  type CanonicalImagePart,
  type CanonicalMessage,
  type CanonicalTextPart,
  type CanonicalToolCallPart,
  type CanonicalToolChoice,
  type CanonicalToolResultPart,
} from '@llmguard/shared';
import { asRecord, assertUnreachable, parseArgumentsObject } from './translation.helpers';

/**
 * `max_tokens` is required by Anthropic and optional for OpenAI clients. 4096 is the limit every
 * current Claude model accepts and the default the Vercel AI SDK used for Anthropic.
 * @see https://docs.anthropic.com/en/docs/about-claude/models/overview#model-comparison-table
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

type AnthropicBlock = Record<string, unknown>;
type AnthropicMessage = { role: 'user' | 'assistant'; content: AnthropicBlock[] };

/**
 * Canonical request → Anthropic Messages body. System turns become `system`; tool results become
 * `tool_result` blocks in a user turn; consecutive turns of one role are merged, since Anthropic
 * wants user and assistant to alternate.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function buildAnthropicBody(request: CanonicalChatRequest, model: string): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request.providerOptions?.anthropic };
  body.model = model;
  body.max_tokens = request.maxOutputTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  const system = request.messages.flatMap((message) =>
    message.role === 'system' ? message.content.map((part) => part.text) : [],
  );
  if (system.length > 0) body.system = system.join('\n\n');
  body.messages = toAnthropicMessages(request.messages);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stopSequences?.length) body.stop_sequences = request.stopSequences;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: { type: 'object', ...tool.parameters },
    }));
    const toolChoice = toAnthropicToolChoice(request.toolChoice, request.parallelToolCalls);
    if (toolChoice) body.tool_choice = toolChoice;
  }
  if (request.responseFormat?.type === 'json-schema') {
    body.output_config = {
      ...asRecord(body.output_config),
      format: { type: 'json_schema', schema: request.responseFormat.schema },
    };
  }
  if (request.endUser !== undefined) body.metadata = { ...asRecord(body.metadata), user_id: request.endUser };
  if (request.stream) body.stream = true;
  return body;
}

/** Anthropic tool ids must match `^[a-zA-Z0-9_-]+$`; the same mapping applies to a call and its result. */
export function toAnthropicToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function toAnthropicMessages(messages: CanonicalMessage[]): AnthropicMessage[] {
  const result: AnthropicMessage[] = [];
  for (const message of messages) {
    let turn: AnthropicMessage | undefined;
    switch (message.role) {
      case 'system':
        break;
      case 'user':
        turn = { role: 'user', content: message.content.flatMap(toContentBlock) };
        break;
      case 'assistant':
        turn = { role: 'assistant', content: message.content.flatMap(toAssistantBlock) };
        break;
      case 'tool':
        turn = { role: 'user', content: message.content.map(toToolResultBlock) };
        break;
      default:
        assertUnreachable(message);
    }
    // Anthropic rejects empty turns; an assistant turn of only "" carries nothing anyway.
    if (!turn || turn.content.length === 0) continue;
    const previous = result.at(-1);
    if (previous?.role === turn.role) previous.content.push(...turn.content);
    else result.push(turn);
  }
  return result;
}

function toContentBlock(part: CanonicalTextPart | CanonicalImagePart): AnthropicBlock[] {
  if (part.type === 'text') return part.text === '' ? [] : [{ type: 'text', text: part.text }];
  const { source } = part;
  return [
    {
      type: 'image',
      source:
        source.kind === 'url'
          ? { type: 'url', url: source.url }
          : { type: 'base64', media_type: source.mediaType, data: source.data },
    },
  ];
}

function toAssistantBlock(part: CanonicalTextPart | CanonicalToolCallPart): AnthropicBlock[] {
  if (part.type === 'text') return part.text === '' ? [] : [{ type: 'text', text: part.text }];
  const input = parseArgumentsObject(part.arguments);
  if (!input) {
    throw new GatewayError('invalid_request', {
      publicMessage: `The arguments of tool call \`${part.id}\` are not a JSON object, which Anthropic models require.`,
    });
  }
  return [{ type: 'tool_use', id: toAnthropicToolId(part.id), name: part.name, input }];
}

function toToolResultBlock(part: CanonicalToolResultPart): AnthropicBlock {
  const block: AnthropicBlock = { type: 'tool_result', tool_use_id: toAnthropicToolId(part.toolCallId) };
  if (part.content.length > 0) {
    block.content = part.content.every((content) => content.type === 'text')
      ? (part.content as CanonicalTextPart[]).map((content) => content.text).join('\n')
      : part.content.flatMap(toContentBlock);
  }
  if (part.isError) block.is_error = true;
  return block;
}

/**
 * Canonical tool choice → Anthropic. `parallelToolCalls: false` becomes `disable_parallel_tool_use`,
 * which Anthropic accepts on every choice but `none`.
 * @see https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use#controlling-claudes-output
 */
function toAnthropicToolChoice(
  choice: CanonicalToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): Record<string, unknown> | undefined {
  const parallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallelToolCalls === false ? { type: 'auto', ...parallel } : undefined;
  if (typeof choice === 'object') return { type: 'tool', name: choice.name, ...parallel };
  switch (choice) {
    case 'auto':
      return { type: 'auto', ...parallel };
    case 'required':
      return { type: 'any', ...parallel };
    case 'none':
      return { type: 'none' };
    default:
      return assertUnreachable(choice);
  }
}
