import { z } from 'zod';
import {
  GatewayError,
  type CanonicalChatResponse,
  type CanonicalTextPart,
  type CanonicalToolCallPart,
  type CanonicalUsage,
  type ErrorCode,
} from '@llmguard/shared';
import { mapGeminiFinishReason } from './gemini.finish-reason';
import { newGeminiToolCallId } from './gemini.tool-call-id';
import { createUpstreamError, type UpstreamError, type UpstreamHeaders } from './provider-adapter';
import { safeParseJson, tokenCount } from './translation.helpers';

const geminiUsageSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
});

const geminiPartSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({ name: z.string(), args: z.record(z.string(), z.unknown()).nullish() })
    .nullish(),
});

/** One `GenerateContentResponse`: a whole answer, or one chunk of a stream. */
export const geminiResponseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(geminiPartSchema).nullish() }).nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type GeminiResponse = z.infer<typeof geminiResponseSchema>;
export type GeminiPart = z.infer<typeof geminiPartSchema>;

/**
 * Gemini `usageMetadata` → canonical. `promptTokenCount` already includes the cached tokens; tool
 * prompts are input and thoughts are output, as Gemini bills them. Gemini's JSON omits zero counts,
 * so a count missing from a present `usageMetadata` is 0.
 * @see https://ai.google.dev/api/generate-content#UsageMetadata
 */
export function convertGeminiUsage(usage: GeminiResponse['usageMetadata']): CanonicalUsage {
  if (!usage) return { inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined };
  return {
    inputTokens: (tokenCount(usage.promptTokenCount) ?? 0) + (tokenCount(usage.toolUsePromptTokenCount) ?? 0),
    outputTokens: (tokenCount(usage.candidatesTokenCount) ?? 0) + (tokenCount(usage.thoughtsTokenCount) ?? 0),
    cachedInputTokens: tokenCount(usage.cachedContentTokenCount) ?? 0,
  };
}

/** Text and function calls of one candidate's parts; thought summaries are skipped. */
export function contentOfParts(
  parts: GeminiPart[] | null | undefined,
): Array<CanonicalTextPart | CanonicalToolCallPart> {
  const content: Array<CanonicalTextPart | CanonicalToolCallPart> = [];
  for (const part of parts ?? []) {
    if (part.functionCall) {
      content.push({
        type: 'tool-call',
        id: newGeminiToolCallId(part.thoughtSignature ?? undefined),
        name: part.functionCall.name,
        arguments: JSON.stringify(part.functionCall.args ?? {}),
      });
    } else if (part.text && !part.thought) {
      content.push({ type: 'text', text: part.text });
    }
  }
  return content;
}

/**
 * A Gemini answer → canonical. Only the first candidate is read. A prompt blocked before any
 * candidate is a `content-filter` finish with no content.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */
export function parseGeminiResponse(body: unknown): CanonicalChatResponse {
  const parsed = geminiResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError('upstream_error', {
      publicMessage: 'The upstream model server sent an answer in an unexpected shape.',
      internalMessage: parsed.error.message,
    });
  }
  const { data } = parsed;
  const candidate = data.candidates?.[0];
  const content = contentOfParts(candidate?.content?.parts);
  const blockReason = data.promptFeedback?.blockReason;
  const rawFinishReason = candidate?.finishReason ?? blockReason ?? undefined;
  return {
    id: data.responseId ?? '',
    model: data.modelVersion ?? '',
    content,
    finishReason:
      !candidate && blockReason
        ? 'content-filter'
        : mapGeminiFinishReason(
            rawFinishReason,
            content.some((part) => part.type === 'tool-call'),
          ),
    rawFinishReason,
    usage: convertGeminiUsage(data.usageMetadata),
  };
}

const geminiErrorSchema = z.looseObject({
  error: z
    .looseObject({
      code: z.number().nullish(),
      message: z.string().nullish(),
      status: z.string().nullish(),
    })
    .nullish(),
});

/** Google's error body, or the first element when a streaming endpoint wraps it in an array. */
export function geminiErrorOf(body: unknown): z.infer<typeof geminiErrorSchema>['error'] {
  const parsed = geminiErrorSchema.safeParse(Array.isArray(body) ? body[0] : body);
  return parsed.success ? parsed.data.error : undefined;
}

/**
 * Reads Google's `{"error":{code,message,status}}`. A body that is not such JSON still becomes an
 * error that keeps the upstream status.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function parseGeminiError(status: number, headers: UpstreamHeaders, bodyText: string): UpstreamError {
  const error = geminiErrorOf(safeParseJson(bodyText));
  return createUpstreamError(
    'gemini',
    status,
    headers,
    error ? { message: error.message, type: error.status } : undefined,
  );
}

/**
 * Google's canonical status word → our error code, for errors that arrive inside a stream.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
 */
export function mapGeminiErrorStatus(status: string | null | undefined): ErrorCode {
  switch (status) {
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
      return 'invalid_request';
    case 'RESOURCE_EXHAUSTED':
      return 'rate_limited';
    case 'UNAVAILABLE':
      return 'service_unavailable';
    case 'DEADLINE_EXCEEDED':
      return 'upstream_timeout';
    default:
      return 'upstream_error';
  }
}
