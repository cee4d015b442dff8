import { z } from 'zod';
import {
  GatewayError,
  type CanonicalChatResponse,
  type CanonicalTextPart,
  type CanonicalToolCallPart,
  type CanonicalUsage,
} from '@llmguard/shared';
import { mapOpenAIFinishReason } from './openai.finish-reason';
import {
  createUpstreamError,
  type ProviderId,
  type UpstreamError,
  type UpstreamHeaders,
} from './provider-adapter';
import { safeParseJson, tokenCount } from './translation.helpers';

// Only the fields we read, each `.nullish()`: OpenAI-compatible servers omit or null many of them.
const openAIUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
});

const openAIResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.looseObject({
                id: z.string().nullish(),
                function: z.looseObject({ name: z.string(), arguments: z.string().nullish() }),
              }),
            )
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: openAIUsageSchema.nullish(),
});

/** The usage object of OpenAI answers and final stream chunks. */
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

/**
 * OpenAI usage → canonical. `prompt_tokens` already includes the cached tokens.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): CanonicalUsage {
  return {
    inputTokens: tokenCount(usage?.prompt_tokens),
    outputTokens: tokenCount(usage?.completion_tokens),
    cachedInputTokens: tokenCount(usage?.prompt_tokens_details?.cached_tokens),
  };
}

/**
 * An OpenAI chat.completion → canonical. Only the first choice is read (the wire codecs reject n > 1).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function parseOpenAIResponse(body: unknown): CanonicalChatResponse {
  const parsed = openAIResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError('upstream_error', {
      publicMessage: 'The upstream model server sent an answer without a choice.',
      internalMessage: parsed.error.message,
    });
  }
  const { data } = parsed;
  const choice = data.choices[0];
  const content: Array<CanonicalTextPart | CanonicalToolCallPart> = [];
  const text = choice?.message.content ?? choice?.message.refusal;
  if (text) content.push({ type: 'text', text });
  for (const [index, call] of (choice?.message.tool_calls ?? []).entries()) {
    content.push({
      type: 'tool-call',
      id: call.id || `call_${index}`,
      name: call.function.name,
      arguments: call.function.arguments ?? '',
    });
  }
  return {
    id: data.id ?? '',
    model: data.model ?? '',
    content,
    finishReason: mapOpenAIFinishReason(choice?.finish_reason),
    rawFinishReason: choice?.finish_reason ?? undefined,
    usage: convertOpenAIUsage(data.usage),
  };
}

// Loose on purpose: OpenAI nests under `error`; vLLM and older servers put the fields at the top
// level; TGI and Ollama send `error` as a plain string.
const openAIErrorSchema = z.looseObject({
  error: z
    .union([
      z.string(),
      z.looseObject({
        message: z.string().nullish(),
        type: z.string().nullish(),
        param: z.string().nullish(),
        code: z.union([z.string(), z.number()]).nullish(),
      }),
    ])
    .nullish(),
  message: z.string().nullish(),
  type: z.string().nullish(),
  error_type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
});

/**
 * Reads an OpenAI-compatible error body. A body that is not such JSON still becomes an error that
 * keeps the upstream status.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function parseOpenAIError(
  provider: ProviderId,
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
): UpstreamError {
  const parsed = openAIErrorSchema.safeParse(safeParseJson(bodyText));
  if (!parsed.success) return createUpstreamError(provider, status, headers, undefined);
  const { error, ...top } = parsed.data;
  if (typeof error === 'string') {
    return createUpstreamError(provider, status, headers, { message: error, type: top.error_type });
  }
  return createUpstreamError(provider, status, headers, {
    message: error?.message ?? top.message,
    type: error?.type ?? top.type ?? top.error_type,
    code: error?.code ?? top.code,
    param: error?.param,
  });
}
