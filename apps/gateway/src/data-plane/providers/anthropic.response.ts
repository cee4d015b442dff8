import { z } from 'zod';
import {
  GatewayError,
  type CanonicalChatResponse,
  type CanonicalTextPart,
  type CanonicalToolCallPart,
  type CanonicalUsage,
  type ErrorCode,
} from '@llmguard/shared';
import { mapAnthropicStopReason } from './anthropic.stop-reason';
import { createUpstreamError, type UpstreamError, type UpstreamHeaders } from './provider-adapter';
import { safeParseJson, tokenCount } from './translation.helpers';

/** Anthropic's usage counters as sent in answers, `message_start` and `message_delta`. */
export type AnthropicUsage = {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
};

const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});

const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().nullish(),
      id: z.string().nullish(),
      name: z.string().nullish(),
      input: z.unknown().optional(),
    }),
  ),
  stop_reason: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

/**
 * Anthropic usage → canonical. Anthropic's `input_tokens` excludes cache reads and writes; the
 * canonical input counts all three, and the cache reads are the cached part.
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): CanonicalUsage {
  const input = tokenCount(usage?.input_tokens);
  const cacheRead = tokenCount(usage?.cache_read_input_tokens);
  const cacheWrite = tokenCount(usage?.cache_creation_input_tokens);
  return {
    inputTokens: input === undefined ? undefined : input + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: tokenCount(usage?.output_tokens),
    cachedInputTokens: cacheRead,
  };
}

/**
 * An Anthropic message → canonical. Text and `tool_use` blocks are kept; thinking and server-tool
 * blocks have no canonical form and are dropped.
 * @see https://docs.anthropic.com/en/api/messages#response-content
 */
export function parseAnthropicResponse(body: unknown): CanonicalChatResponse {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError('upstream_error', {
      publicMessage: 'The upstream model server sent an answer without content.',
      internalMessage: parsed.error.message,
    });
  }
  const { data } = parsed;
  const content: Array<CanonicalTextPart | CanonicalToolCallPart> = [];
  for (const block of data.content) {
    if (block.type === 'text' && block.text) content.push({ type: 'text', text: block.text });
    if (block.type === 'tool_use' && block.id && block.name) {
      content.push({
        type: 'tool-call',
        id: block.id,
        name: block.name,
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  return {
    id: data.id ?? '',
    model: data.model ?? '',
    content,
    finishReason: mapAnthropicStopReason(data.stop_reason),
    rawFinishReason: data.stop_reason ?? undefined,
    usage: convertAnthropicUsage(data.usage),
  };
}

const anthropicErrorSchema = z.looseObject({
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

/**
 * Reads Anthropic's `{"type":"error","error":{type,message}}`. A body that is not such JSON still
 * becomes an error that keeps the upstream status.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function parseAnthropicError(
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
): UpstreamError {
  const parsed = anthropicErrorSchema.safeParse(safeParseJson(bodyText));
  const error = parsed.success ? parsed.data.error : undefined;
  return createUpstreamError('anthropic', status, headers, error ?? undefined);
}

/**
 * Anthropic error type → our error code, for errors that arrive inside a stream.
 * @see https://docs.anthropic.com/en/api/errors#http-errors
 */
export function mapAnthropicErrorType(type: string | null | undefined): ErrorCode {
  switch (type) {
    case 'invalid_request_error':
      return 'invalid_request';
    case 'request_too_large':
      return 'payload_too_large';
    case 'rate_limit_error':
      return 'rate_limited';
    case 'overloaded_error':
      return 'service_unavailable';
    case 'timeout_error':
      return 'upstream_timeout';
    default:
      return 'upstream_error';
  }
}
