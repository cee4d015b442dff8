import { EventSourceParserStream } from 'eventsource-parser/stream';
import { z } from 'zod';
import { failureFromStreamError, type GatewayFailure, openAiErrorBodySchema } from './gateway-failure';

// Reads an OpenAI chat-completions SSE stream into the few events the playground shows. Parsing the
// SSE framing is eventsource-parser's job (events split across network chunks, multi-line data,
// comments); this file only maps each parsed `data:` payload to playground events.
// @see https://platform.openai.com/docs/api-reference/chat-streaming

export type ChatStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; reason: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number }
  | { type: 'error'; failure: GatewayFailure }
  | { type: 'done' };

/** A chunk, parsed loosely: only the fields the playground reads, each optional. */
const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .nullish(),
});

/** The playground events in one `data:` payload (none for a role-only or keep-alive chunk). */
export function parseChatChunk(data: string, requestId?: string): ChatStreamEvent[] {
  if (data === '[DONE]') return [{ type: 'done' }];
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return [];
  }
  const error = openAiErrorBodySchema.safeParse(json);
  if (error.success) return [{ type: 'error', failure: failureFromStreamError(error.data, requestId) }];
  const chunk = chunkSchema.safeParse(json);
  if (!chunk.success) return [];
  const events: ChatStreamEvent[] = [];
  // One choice is requested (n = 1), so only the first is read.
  const choice = chunk.data.choices?.[0];
  const text = choice?.delta?.content ?? choice?.delta?.refusal;
  if (text) events.push({ type: 'text-delta', text });
  if (choice?.finish_reason) events.push({ type: 'finish', reason: choice.finish_reason });
  const usage = chunk.data.usage;
  if (usage) {
    events.push({ type: 'usage', inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens });
  }
  return events;
}

/** The events of a streamed response body, as they arrive. Throws what the body's reader throws (abort). */
export async function* readChatStream(
  body: ReadableStream<Uint8Array>,
  requestId?: string,
): AsyncGenerator<ChatStreamEvent> {
  // TypeScript's DOM types give TextDecoderStream a BufferSource input, which a byte stream satisfies.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  const messages = body.pipeThrough(decoder).pipeThrough(new EventSourceParserStream());
  const reader = messages.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      // The gateway's error event has no `event:` name on OpenAI routes; named events are not chat chunks.
      if (value.event && value.event !== 'message') continue;
      yield* parseChatChunk(value.data, requestId);
    }
  } finally {
    // A consumer that stops early (or a stream that failed) lets go of the connection.
    await reader.cancel().catch(() => undefined);
  }
}
