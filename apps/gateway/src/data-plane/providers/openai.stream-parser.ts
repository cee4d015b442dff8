import type { CanonicalStreamEvent, CanonicalUsage, FinishReason } from '@llmguard/shared';
import { mapOpenAIFinishReason } from './openai.finish-reason';
import { convertOpenAIUsage, type OpenAIUsage } from './openai.response';
import type { StreamParser } from './provider-adapter';
import { isRecord, nonEmptyString, safeParseJson } from './translation.helpers';

type PendingFinish = { finishReason: FinishReason; rawFinishReason: string };

/**
 * Parser for OpenAI chat-completion chunks (also Azure OpenAI and OpenAI-compatible servers).
 *
 * OpenAI sends the `finish_reason` chunk before the usage chunk (`choices: []`), then `[DONE]`. The
 * canonical stream ends with `finish`, after `usage`, so the finish is held back until the usage
 * chunk or `[DONE]` arrives, whichever comes first. Azure's leading `prompt_filter_results` chunk
 * has no choices and an empty id and is skipped.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export function createOpenAIStreamParser(): StreamParser {
  let started = false;
  let closed = false;
  let pendingFinish: PendingFinish | undefined;
  let usage: CanonicalUsage | undefined;
  // Upstream tool-call index → canonical index (0, 1, … in the order calls start).
  const toolIndexes = new Map<number, number>();

  const close = (): CanonicalStreamEvent[] => {
    if (closed) return [];
    closed = true;
    const events: CanonicalStreamEvent[] = [];
    if (usage) events.push({ type: 'usage', usage });
    events.push(
      pendingFinish
        ? { type: 'finish', ...pendingFinish }
        : { type: 'finish', finishReason: 'other', rawFinishReason: 'missing' },
    );
    return events;
  };

  return ({ data }) => {
    if (closed) return [];
    if (data.trim() === '[DONE]') return close();
    const chunk = safeParseJson(data);
    if (!isRecord(chunk)) {
      closed = true;
      return [
        { type: 'error', code: 'upstream_error', message: 'The upstream sent a malformed stream chunk.' },
      ];
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      closed = true;
      return [streamError(chunk.error)];
    }
    const events: CanonicalStreamEvent[] = [];
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((candidate) => isRecord(candidate) && (candidate.index ?? 0) === 0);
    if (!started && isRecord(choice)) {
      started = true;
      events.push({ type: 'message-start', id: stringOr(chunk.id), model: stringOr(chunk.model) });
    }
    if (isRecord(choice)) {
      readDelta(choice.delta, toolIndexes, events);
      const finishReason = nonEmptyString(choice.finish_reason);
      if (finishReason) {
        pendingFinish = { finishReason: mapOpenAIFinishReason(finishReason), rawFinishReason: finishReason };
      }
    }
    if (isRecord(chunk.usage)) usage = convertOpenAIUsage(chunk.usage as OpenAIUsage);
    // The usage-only chunk after the finish is the end of the answer; [DONE] only confirms it.
    if (choices.length === 0 && usage && pendingFinish) events.push(...close());
    return events;
  };
}

function readDelta(delta: unknown, toolIndexes: Map<number, number>, events: CanonicalStreamEvent[]): void {
  if (!isRecord(delta)) return;
  const text = nonEmptyString(delta.content) ?? nonEmptyString(delta.refusal);
  if (text) events.push({ type: 'text-delta', delta: text });
  if (!Array.isArray(delta.tool_calls)) return;
  for (const [position, call] of delta.tool_calls.entries()) {
    if (!isRecord(call)) continue;
    // Some OpenAI-compatible servers omit `index` when each chunk carries one whole call.
    const upstreamIndex = typeof call.index === 'number' ? call.index : toolIndexes.size + position;
    const fn = isRecord(call.function) ? call.function : {};
    let index = toolIndexes.get(upstreamIndex);
    if (index === undefined) {
      index = toolIndexes.size;
      toolIndexes.set(upstreamIndex, index);
      events.push({
        type: 'tool-call-start',
        index,
        id: nonEmptyString(call.id) ?? `call_${index}`,
        name: stringOr(fn.name),
      });
    }
    const argumentsDelta = nonEmptyString(fn.arguments);
    if (argumentsDelta) events.push({ type: 'tool-call-delta', index, argumentsDelta });
  }
}

/** A mid-stream `{"error":{…}}` chunk, as OpenAI sends when generation fails after the headers. */
function streamError(error: unknown): CanonicalStreamEvent {
  const message = isRecord(error) ? nonEmptyString(error.message) : nonEmptyString(error);
  return {
    type: 'error',
    code: 'upstream_error',
    message: message ?? 'The upstream model server failed in the middle of the stream.',
  };
}

function stringOr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
