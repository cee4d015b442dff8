import {
  GatewayError,
  type CanonicalChatRequest,
  type CanonicalImagePart,
  type CanonicalMessage,
  type CanonicalResponseFormat,
  type CanonicalTextPart,
  type CanonicalToolChoice,
  type CanonicalToolResultPart,
} from '@llmguard/shared';
import { asRecord, assertUnreachable } from './translation.helpers';

/** OpenAI rejects tool-call ids longer than this; ids from other providers can be longer. */
const OPENAI_TOOL_CALL_ID_MAX_LENGTH = 40;

export type OpenAIBodyOptions = {
  /** The `model` field; Azure OpenAI takes the model from the URL and omits it. */
  model: string | undefined;
  /**
   * OpenAI's own API wants `max_completion_tokens` (its reasoning models reject `max_tokens`);
   * OpenAI-compatible servers (vLLM, TGI, Ollama) and Azure accept `max_tokens`.
   */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
};

/**
 * Canonical request → OpenAI chat-completions body. Streams always ask for a usage chunk
 * (`stream_options.include_usage`) so every stream is metered from the upstream's own count.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function buildOpenAIChatBody(
  request: CanonicalChatRequest,
  options: OpenAIBodyOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...request.providerOptions?.openai };
  if (options.model !== undefined) body.model = options.model;
  body.messages = toOpenAIMessages(request.messages);
  setDefined(body, options.maxTokensField, request.maxOutputTokens);
  setDefined(body, 'temperature', request.temperature);
  setDefined(body, 'top_p', request.topP);
  setDefined(body, 'presence_penalty', request.presencePenalty);
  setDefined(body, 'frequency_penalty', request.frequencyPenalty);
  setDefined(body, 'seed', request.seed);
  if (request.stopSequences?.length) body.stop = request.stopSequences;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      },
    }));
    // OpenAI rejects tool_choice and parallel_tool_calls without tools.
    if (request.toolChoice !== undefined) body.tool_choice = toOpenAIToolChoice(request.toolChoice);
    setDefined(body, 'parallel_tool_calls', request.parallelToolCalls);
  }
  if (request.responseFormat) body.response_format = toOpenAIResponseFormat(request.responseFormat);
  if (request.endUser !== undefined) body.user = request.endUser;
  if (request.stream) {
    body.stream = true;
    body.stream_options = { ...asRecord(body.stream_options), include_usage: true };
  }
  return body;
}

/** Tool-call ids longer than OpenAI accepts are cut; the cut is the same for a call and its result. */
export function toOpenAIToolCallId(id: string): string {
  return id.length > OPENAI_TOOL_CALL_ID_MAX_LENGTH ? id.slice(0, OPENAI_TOOL_CALL_ID_MAX_LENGTH) : id;
}

function toOpenAIMessages(messages: CanonicalMessage[]): Array<Record<string, unknown>> {
  const result: Array<Record<string, unknown>> = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        result.push({ role: 'system', content: joinText(message.content, '\n') });
        break;
      case 'user':
        result.push({ role: 'user', content: toOpenAIUserContent(message.content) });
        break;
      case 'assistant': {
        const text = joinText(
          message.content.filter((part) => part.type === 'text'),
          '',
        );
        const toolCalls = message.content.flatMap((part) =>
          part.type === 'tool-call'
            ? [
                {
                  id: toOpenAIToolCallId(part.id),
                  type: 'function',
                  function: { name: part.name, arguments: part.arguments },
                },
              ]
            : [],
        );
        result.push(
          toolCalls.length > 0
            ? { role: 'assistant', content: text === '' ? null : text, tool_calls: toolCalls }
            : { role: 'assistant', content: text },
        );
        break;
      }
      case 'tool':
        for (const part of message.content) {
          result.push({
            role: 'tool',
            tool_call_id: toOpenAIToolCallId(part.toolCallId),
            content: toolResultText(part),
          });
        }
        break;
      default:
        assertUnreachable(message);
    }
  }
  return result;
}

function toOpenAIUserContent(parts: Array<CanonicalTextPart | CanonicalImagePart>): unknown {
  const [first] = parts;
  if (parts.length === 1 && first?.type === 'text') return first.text;
  return parts.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : {
          type: 'image_url',
          image_url: {
            url:
              part.source.kind === 'url'
                ? part.source.url
                : `data:${part.source.mediaType};base64,${part.source.data}`,
            ...(part.detail === undefined ? {} : { detail: part.detail }),
          },
        },
  );
}

/** OpenAI tool messages carry text only. */
function toolResultText(part: CanonicalToolResultPart): string {
  if (part.content.some((content) => content.type === 'image')) {
    throw new GatewayError('invalid_request', {
      publicMessage: `The result of tool call \`${part.toolCallId}\` contains an image, which OpenAI-compatible models do not accept in tool results.`,
    });
  }
  return joinText(part.content as CanonicalTextPart[], '\n');
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice */
function toOpenAIToolChoice(choice: CanonicalToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/** @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-response_format */
function toOpenAIResponseFormat(format: CanonicalResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case 'json':
      return { type: 'json_object' };
    case 'json-schema':
      return {
        type: 'json_schema',
        json_schema: {
          name: format.name,
          ...(format.description === undefined ? {} : { description: format.description }),
          schema: format.schema,
          ...(format.strict === undefined ? {} : { strict: format.strict }),
        },
      };
    default:
      return assertUnreachable(format);
  }
}

function joinText(parts: CanonicalTextPart[], separator: string): string {
  return parts.length === 1 && parts[0] ? parts[0].text : parts.map((part) => part.text).join(separator);
}

function setDefined(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) body[key] = value;
}
