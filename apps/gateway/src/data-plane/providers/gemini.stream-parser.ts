import type { CanonicalStreamEvent, CanonicalUsage } from '@llmguard/shared';
import { mapGeminiFinishReason } from './gemini.finish-reason';
import {
  contentOfParts,
  convertGeminiUsage,
  geminiErrorOf,
  geminiResponseSchema,
  mapGeminiErrorStatus,
} from './gemini.response';
import type { StreamParser } from './provider-adapter';
import { safeParseJson } from './translation.helpers';

/**
 * Parser for `streamGenerateContent?alt=sse`. Each event is a whole `GenerateContentResponse`
 * holding the next slice of text; function calls arrive whole, never split. There is no `[DONE]`:
 * the chunk with a `finishReason` (or a prompt `blockReason`) is the last, and its `usageMetadata`
 * holds the totals.
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
export function createGeminiStreamParser(): StreamParser {
  let started = false;
  let finished = false;
  let toolCalls = 0;
  let usage: CanonicalUsage | undefined;

  return ({ data }) => {
    if (finished) return [];
    const json = safeParseJson(data);
    const error = geminiErrorOf(json);
    const parsed = geminiResponseSchema.safeParse(json);
    if (error || !parsed.success) {
      finished = true;
      return [
        {
          type: 'error',
          code: mapGeminiErrorStatus(error?.status),
          message: error?.message ?? 'The upstream sent a malformed stream event.',
        },
      ];
    }
    const chunk = parsed.data;
    const events: CanonicalStreamEvent[] = [];
    if (!started) {
      started = true;
      events.push({ type: 'message-start', id: chunk.responseId ?? '', model: chunk.modelVersion ?? '' });
    }
    const candidate = chunk.candidates?.[0];
    for (const part of contentOfParts(candidate?.content?.parts)) {
      if (part.type === 'text') {
        events.push({ type: 'text-delta', delta: part.text });
      } else {
        const index = toolCalls++;
        events.push({ type: 'tool-call-start', index, id: part.id, name: part.name });
        events.push({ type: 'tool-call-delta', index, argumentsDelta: part.arguments });
      }
    }
    if (chunk.usageMetadata) usage = convertGeminiUsage(chunk.usageMetadata);
    const blockReason = chunk.promptFeedback?.blockReason;
    const rawFinishReason = candidate?.finishReason ?? (candidate ? undefined : blockReason) ?? undefined;
    if (rawFinishReason) {
      finished = true;
      if (usage) events.push({ type: 'usage', usage });
      events.push({
        type: 'finish',
        finishReason: candidate ? mapGeminiFinishReason(rawFinishReason, toolCalls > 0) : 'content-filter',
        rawFinishReason,
      });
    }
    return events;
  };
}
