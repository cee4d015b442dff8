import type { EventSourceMessage } from 'eventsource-parser';
import {
  encodeSseEvent,
  eventMappingForwarder,
  type StreamForwarder,
} from '../passthrough/passthrough-adapter';
import type { WireFormat } from '../pipeline/request-context';
import type { StreamTextTransform } from './stream-text-transform';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Keys whose string values are generated text, in OpenAI, Anthropic and Responses answers; ids, models and
// finish reasons are left alone.
const TEXT_KEYS: ReadonlySet<string> = new Set([
  'content',
  'text',
  'refusal',
  'arguments',
  'partial_json',
  'delta',
]);
// Keys whose text is itself JSON (tool-call arguments): inserted values are JSON-escaped there.
const JSON_TEXT_KEYS: ReadonlySet<string> = new Set(['arguments', 'partial_json']);
// Keys under which every string is generated (an Anthropic tool_use block's input object).
const GENERATED_OBJECT_KEYS: ReadonlySet<string> = new Set(['input']);

/** A complete JSON answer with its generated text rewritten (placeholders restored, output PII masked). */
export function rewriteJsonBody(body: Buffer, transform: StreamTextTransform): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  return Buffer.from(JSON.stringify(rewriteValue(parsed, transform, '', false)));
}

/** The generated texts of a complete JSON answer (content, tool-call arguments…), in order; none when not JSON. */
export function generatedTextsOf(body: Buffer): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  const texts: string[] = [];
  const collect = (text: string) => {
    if (text.trim()) texts.push(text);
    return text;
  };
  rewriteValue(parsed, { whole: collect, push: collect, flush: () => '', heldChannels: () => [] }, '', false);
  return texts;
}

function rewriteValue(
  value: unknown,
  transform: StreamTextTransform,
  key: string,
  generated: boolean,
): unknown {
  if (typeof value === 'string') {
    return generated || TEXT_KEYS.has(key) ? transform.whole(value, JSON_TEXT_KEYS.has(key)) : value;
  }
  if (Array.isArray(value)) return value.map((item) => rewriteValue(item, transform, key, generated));
  if (!isObject(value)) return value;
  const rewritten: Json = {};
  const inside = generated || GENERATED_OBJECT_KEYS.has(key);
  for (const [name, item] of Object.entries(value))
    rewritten[name] = rewriteValue(item, transform, name, inside);
  return rewritten;
}

/**
 * Wraps the client-facing stream (already in the client's wire format, whichever exchange made it) so its text
 * deltas go through the transform, per channel, including text the transform held back across events. Only
 * requests with something to rewrite take this path; it parses and re-encodes the events that carry text.
 */
export function rewritingStreamForwarder(
  inner: StreamForwarder,
  wire: WireFormat,
  transform: StreamTextTransform,
  refusal?: StreamRefusal,
): StreamForwarder {
  const rewrite = wire === 'anthropic' ? anthropicEventRewriter(transform) : openAIEventRewriter(transform);
  if (!refusal) return eventMappingForwarder(inner, rewrite);
  let refused = false;
  return eventMappingForwarder(inner, (event) => {
    if (refused) return '';
    const text = rewrite(event);
    const ending = refusal();
    refused = ending !== undefined;
    return ending === undefined ? text : text + ending;
  });
}

/**
 * Asked after each rewritten event: the error event that ends the stream there (the events after it are dropped),
 * or undefined to go on. Asked no more once it has answered.
 */
export type StreamRefusal = () => string | undefined;

type EventRewriter = (event: EventSourceMessage) => string;

/** Chat Completions (`choices[].delta`), legacy Completions (`choices[].text`) and Responses events. */
function openAIEventRewriter(transform: StreamTextTransform): EventRewriter {
  let envelope: Json = {};
  return (event) => {
    const chunk = parseData(event);
    // A stream that ended without a finish_reason still gets what its choices held, before [DONE].
    if (!chunk)
      return (event.data === '[DONE]' ? leftovers(transform, envelope) : '') + encodeSseEvent(event);
    if (Array.isArray(chunk.choices)) {
      envelope = { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
      for (const choice of chunk.choices) if (isObject(choice)) rewriteChoice(choice, transform);
      return encodeJsonEvent(event.event, chunk);
    }
    const channel = `${String(chunk.item_id)}:${String(chunk.content_index)}`;
    if (chunk.type === 'response.output_text.delta' && typeof chunk.delta === 'string') {
      chunk.delta = transform.push(channel, chunk.delta, false);
      return encodeJsonEvent(event.event, chunk);
    }
    if (chunk.type === 'response.output_text.done') {
      const held = transform.flush(channel, false);
      const delta = held
        ? { ...chunk, type: 'response.output_text.delta', delta: held, text: undefined }
        : undefined;
      return (
        (delta ? encodeJsonEvent(event.event, delta) : '') +
        encodeJsonEvent(event.event, rewriteValue(chunk, transform, '', false) as Json)
      );
    }
    return encodeJsonEvent(event.event, rewriteValue(chunk, transform, '', false) as Json);
  };
}

function rewriteChoice(choice: Json, transform: StreamTextTransform): void {
  const channel = String(choice.index ?? 0);
  const finished = choice.finish_reason !== null && choice.finish_reason !== undefined;
  if (typeof choice.text === 'string' || (finished && !isObject(choice.delta))) {
    choice.text = transform.push(
      `${channel}:text`,
      typeof choice.text === 'string' ? choice.text : '',
      false,
    );
    if (finished) choice.text += transform.flush(`${channel}:text`, false);
    return;
  }
  const delta = isObject(choice.delta) ? choice.delta : {};
  if (typeof delta.content === 'string')
    delta.content = transform.push(`${channel}:content`, delta.content, false);
  const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls : [];
  for (const call of calls) {
    if (isObject(call) && isObject(call.function) && typeof call.function.arguments === 'string') {
      const callChannel = `${channel}:tool:${String(call.index)}`;
      call.function.arguments = transform.push(callChannel, call.function.arguments, true);
    }
  }
  if (!finished) return;
  // The choice ends here: what its channels still hold goes out with this last chunk.
  const content = transform.flush(`${channel}:content`, false);
  if (content) delta.content = (typeof delta.content === 'string' ? delta.content : '') + content;
  for (const held of transform.heldChannels(`${channel}:tool:`)) {
    calls.push({ index: Number(held.split(':')[2]), function: { arguments: transform.flush(held, true) } });
  }
  if (calls.length > 0) delta.tool_calls = calls;
  choice.delta = delta;
}

function leftovers(transform: StreamTextTransform, envelope: Json): string {
  let text = '';
  for (const channel of transform.heldChannels()) {
    const [index, kind, call] = channel.split(':');
    const held = transform.flush(channel, kind === 'tool');
    if (!held) continue;
    const delta =
      kind === 'tool'
        ? { tool_calls: [{ index: Number(call), function: { arguments: held } }] }
        : { content: held };
    const choice = kind === 'text' ? { index: Number(index), text: held } : { index: Number(index), delta };
    text += encodeJsonEvent(undefined, { ...envelope, choices: [{ ...choice, finish_reason: null }] });
  }
  return text;
}

/** Messages events: `text_delta` and `input_json_delta` per content block; a block's stop flushes what it holds. */
function anthropicEventRewriter(transform: StreamTextTransform): EventRewriter {
  const deltaTypes = new Map<string, string>();
  return (event) => {
    const data = parseData(event);
    if (!data) return encodeSseEvent(event);
    const channel = String(data.index);
    if (data.type === 'content_block_delta' && isObject(data.delta)) {
      const delta = data.delta;
      deltaTypes.set(channel, String(delta.type));
      if (typeof delta.text === 'string') delta.text = transform.push(channel, delta.text, false);
      if (typeof delta.partial_json === 'string')
        delta.partial_json = transform.push(channel, delta.partial_json, true);
      return encodeJsonEvent(event.event, data);
    }
    if (data.type === 'content_block_stop') {
      const json = deltaTypes.get(channel) === 'input_json_delta';
      const held = transform.flush(channel, json);
      if (!held) return encodeSseEvent(event);
      const delta = { type: deltaTypes.get(channel) ?? 'text_delta', [json ? 'partial_json' : 'text']: held };
      return (
        encodeJsonEvent('content_block_delta', { type: 'content_block_delta', index: data.index, delta }) +
        encodeSseEvent(event)
      );
    }
    return encodeJsonEvent(event.event, rewriteValue(data, transform, '', false) as Json);
  };
}

function parseData(event: EventSourceMessage): Json | undefined {
  if (!event.data.startsWith('{')) return undefined;
  try {
    const data: unknown = JSON.parse(event.data);
    return isObject(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function encodeJsonEvent(name: string | undefined, data: Json): string {
  return encodeSseEvent({ event: name, data: JSON.stringify(data), id: undefined });
}
