import type {
  CanonicalChatRequest,
  CanonicalChatResponse,
  CanonicalImagePart,
  CanonicalMessage,
  CanonicalResponseFormat,
  CanonicalTextPart,
  CanonicalToolCallPart,
  CanonicalToolChoice,
} from '@llmguard/shared';
import { toOpenAIFinishReason } from '../providers/openai.finish-reason';
import { assertUnreachable } from '../providers/translation.helpers';
import {
  OPENAI_CANONICAL_FIELDS,
  openAIChatRequestSchema,
  type OpenAIChatRequestBody,
  type OpenAIMessage,
} from './openai-wire.schema';
import { createOpenAIStreamEncoder, toOpenAIUsage } from './openai.stream-encoder';
import type { RenderResponseOptions, WireCodec } from './wire-codec';
import { parseWireBody } from './wire-validation';

type UserPart = Extract<OpenAIMessage, { role: 'user' }>['content'];

/**
 * OpenAI chat-completions body → canonical. Unknown top-level fields (logprobs, reasoning_effort,
 * metadata…) are kept in `providerOptions.openai` for OpenAI-compatible upstreams.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
function toCanonical(body: unknown): CanonicalChatRequest {
  const parsed = parseWireBody(openAIChatRequestSchema, body);
  const request: CanonicalChatRequest = {
    model: parsed.model,
    messages: parsed.messages.map(toCanonicalMessage),
    stream: parsed.stream === true,
  };
  const maxOutputTokens = parsed.max_completion_tokens ?? parsed.max_tokens;
  if (maxOutputTokens != null) request.maxOutputTokens = maxOutputTokens;
  if (parsed.temperature != null) request.temperature = parsed.temperature;
  if (parsed.top_p != null) request.topP = parsed.top_p;
  if (parsed.presence_penalty != null) request.presencePenalty = parsed.presence_penalty;
  if (parsed.frequency_penalty != null) request.frequencyPenalty = parsed.frequency_penalty;
  if (parsed.seed != null) request.seed = parsed.seed;
  if (parsed.stop != null)
    request.stopSequences = typeof parsed.stop === 'string' ? [parsed.stop] : parsed.stop;
  if (parsed.tools?.length) {
    request.tools = parsed.tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description == null ? {} : { description: fn.description }),
      parameters: fn.parameters ?? { type: 'object', properties: {} },
      ...(fn.strict == null ? {} : { strict: fn.strict }),
    }));
  }
  if (parsed.tool_choice != null) request.toolChoice = toCanonicalToolChoice(parsed.tool_choice);
  if (parsed.parallel_tool_calls != null) request.parallelToolCalls = parsed.parallel_tool_calls;
  const responseFormat = toCanonicalResponseFormat(parsed.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  if (parsed.user) request.endUser = parsed.user;
  const extra = passthroughFields(parsed);
  if (extra) request.providerOptions = { openai: extra };
  return request;
}

function toCanonicalMessage(message: OpenAIMessage): CanonicalMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textParts(message.content) };
    case 'user':
      return { role: 'user', content: userParts(message.content) };
    case 'assistant': {
      const content: Array<CanonicalTextPart | CanonicalToolCallPart> = [];
      const text = typeof message.content === 'string' ? message.content : undefined;
      if (text) content.push({ type: 'text', text });
      for (const part of Array.isArray(message.content) ? message.content : []) {
        const partText = part.type === 'text' ? part.text : part.refusal;
        if (partText) content.push({ type: 'text', text: partText });
      }
      for (const call of message.tool_calls ?? []) {
        content.push({
          type: 'tool-call',
          id: call.id,
          name: call.function.name,
          arguments: call.function.arguments,
        });
      }
      return { role: 'assistant', content };
    }
    case 'tool':
      return {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: message.tool_call_id, content: textParts(message.content) },
        ],
      };
    default:
      return assertUnreachable(message);
  }
}

function textParts(content: string | Array<{ text: string }>): CanonicalTextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part) => ({ type: 'text', text: part.text }));
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function userParts(content: UserPart): Array<CanonicalTextPart | CanonicalImagePart> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): CanonicalTextPart | CanonicalImagePart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    const { url, detail } = part.image_url;
    const dataUrl = DATA_URL.exec(url);
    return {
      type: 'image',
      source:
        dataUrl?.[1] && dataUrl[2] !== undefined
          ? { kind: 'base64', mediaType: dataUrl[1], data: dataUrl[2] }
          : { kind: 'url', url },
      ...(detail == null ? {} : { detail }),
    };
  });
}

function toCanonicalToolChoice(
  choice: NonNullable<OpenAIChatRequestBody['tool_choice']>,
): CanonicalToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

/**
 * `response_format` → canonical; `text` is the default and needs no field.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format
 */
function toCanonicalResponseFormat(
  format: OpenAIChatRequestBody['response_format'],
): CanonicalResponseFormat | undefined {
  switch (format?.type) {
    case undefined:
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const { name, description, schema, strict } = format.json_schema;
      return {
        type: 'json-schema',
        name,
        schema: schema ?? {},
        ...(description == null ? {} : { description }),
        ...(strict == null ? {} : { strict }),
      };
    }
    default:
      return assertUnreachable(format);
  }
}

function passthroughFields(parsed: OpenAIChatRequestBody): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(parsed)) {
    if (OPENAI_CANONICAL_FIELDS.has(key) || value === undefined) continue;
    extra ??= {};
    extra[key] = value;
  }
  return extra;
}

/**
 * Canonical answer → OpenAI `chat.completion`. Counts the upstream did not report are written as 0,
 * the wire format having no "unknown".
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
function renderResponse(
  response: CanonicalChatResponse,
  options: RenderResponseOptions,
): Record<string, unknown> {
  const text = response.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
  const toolCalls = response.content.flatMap((part) =>
    part.type === 'tool-call'
      ? [{ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } }]
      : [],
  );
  return {
    id: response.id || `chatcmpl-${options.requestId ?? ''}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toOpenAIFinishReason(response.finishReason),
      },
    ],
    usage: toOpenAIUsage(response.usage),
  };
}

/** The OpenAI chat-completions wire format (`POST /v1/chat/completions`). */
export const openAIWire: WireCodec = {
  wire: 'openai',
  toCanonical,
  renderResponse,
  createStreamEncoder: createOpenAIStreamEncoder,
};
