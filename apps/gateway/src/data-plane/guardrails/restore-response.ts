import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { encodeSseEvent, type StreamForwarder } from '../passthrough/passthrough-adapter';
import type { WireFormat } from '../pipeline/request-context';
import { StreamingRestorer, type PlaceholderVault } from './placeholder-vault';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Fields whose text is itself JSON (tool-call arguments): a restored value goes in JSON-escaped.
const JSON_TEXT_FIELDS: ReadonlySet<string> = new Set(['arguments', 'partial_json']);

/**
 * A complete JSON answer with the request's placeholders put back in every string (message content, tool-call
 * arguments, Anthropic content blocks, Responses output). Parsed only when the body holds a `<` at all.
 */
export function restoreJsonBody(body: Buffer, vault: PlaceholderVault): Buffer {
  if (!body.includes('<')) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  return Buffer.from(JSON.stringify(restoreValue(parsed, vault, '')));
}

function restoreValue(value: unknown, vault: PlaceholderVault, key: string): unknown {
  if (typeof value === 'string') return vault.restore(value, JSON_TEXT_FIELDS.has(key));
  if (Array.isArray(value)) return value.map((item) => restoreValue(item, vault, key));
  if (!isObject(value)) return value;
  const restored: Json = {};
  for (const [name, item] of Object.entries(value)) restored[name] = restoreValue(item, vault, name);
  return restored;
}

/**
 * Wraps the client-facing stream (already in the client's wire format, whichever exchange made it) so placeholders
 * are restored in text deltas, including placeholders split across events: `<EMA` + `IL_1>` arrive as the value.
 * Only requests whose prompt was redacted take this path; it parses and re-encodes the events that carry text.
 */
export function restoringStreamForwarder(
  inner: StreamForwarder,
  wire: WireFormat,
  vault: PlaceholderVault,
): StreamForwarder {
  const restorer = new StreamingRestorer(vault);
  const rewrite =
    wire === 'anthropic' ? anthropicEventRewriter(restorer, vault) : openAIEventRewriter(restorer, vault);
  let out = '';
  const parser = createParser({
    onEvent: (event) => {
      out += rewrite(event);
    },
  });
  const take = () => {
    const text = out;
    out = '';
    return text;
  };
  return {
    push(text) {
      parser.feed(inner.push(text));
      return take();
    },
    end() {
      parser.feed(inner.end());
      parser.reset({ consume: true });
      return take();
    },
  };
}

type EventRewriter = (event: EventSourceMessage) => string;

/** Chat Completions (`choices[].delta`), legacy Completions (`choices[].text`) and Responses events. */
function openAIEventRewriter(restorer: StreamingRestorer, vault: PlaceholderVault): EventRewriter {
  let envelope: Json = {};
  return (event) => {
    const chunk = parseData(event);
    // A stream that ended without a finish_reason still gets what its choices held, before [DONE].
    if (!chunk) return (event.data === '[DONE]' ? leftovers(restorer, envelope) : '') + encodeSseEvent(event);
    if (Array.isArray(chunk.choices)) {
      envelope = { id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model };
      for (const choice of chunk.choices) if (isObject(choice)) restoreChoice(choice, restorer);
    } else if (chunk.type === 'response.output_text.delta' && typeof chunk.delta === 'string') {
      chunk.delta = restorer.push(`${String(chunk.item_id)}:${String(chunk.content_index)}`, chunk.delta);
    } else if (chunk.type === 'response.output_text.done') {
      const held = restorer.flush(`${String(chunk.item_id)}:${String(chunk.content_index)}`);
      const delta = held
        ? encodeJsonEvent(event.event, {
            ...chunk,
            type: 'response.output_text.delta',
            delta: held,
            text: undefined,
          })
        : '';
      return delta + encodeJsonEvent(event.event, restoreValue(chunk, vault, '') as Json);
    } else {
      return encodeJsonEvent(event.event, restoreValue(chunk, vault, '') as Json);
    }
    return encodeJsonEvent(event.event, chunk);
  };
}

function restoreChoice(choice: Json, restorer: StreamingRestorer): void {
  const channel = String(choice.index ?? 0);
  const finished = choice.finish_reason !== null && choice.finish_reason !== undefined;
  if (typeof choice.text === 'string' || (finished && !isObject(choice.delta))) {
    choice.text = restorer.push(`${channel}:text`, typeof choice.text === 'string' ? choice.text : '');
    if (finished) choice.text += restorer.flush(`${channel}:text`);
    return;
  }
  const delta = isObject(choice.delta) ? choice.delta : {};
  if (typeof delta.content === 'string') delta.content = restorer.push(`${channel}:content`, delta.content);
  const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls : [];
  for (const call of calls) {
    if (isObject(call) && isObject(call.function) && typeof call.function.arguments === 'string') {
      call.function.arguments = restorer.push(
        `${channel}:tool:${String(call.index)}`,
        call.function.arguments,
        true,
      );
    }
  }
  if (!finished) return;
  // The choice ends here: what its channels still hold goes out with this last chunk.
  const content = restorer.flush(`${channel}:content`);
  if (content) delta.content = (typeof delta.content === 'string' ? delta.content : '') + content;
  for (const held of restorer.heldChannels(`${channel}:tool:`)) {
    calls.push({ index: Number(held.split(':')[2]), function: { arguments: restorer.flush(held) } });
  }
  if (calls.length > 0) delta.tool_calls = calls;
  choice.delta = delta;
}

function leftovers(restorer: StreamingRestorer, envelope: Json): string {
  let text = '';
  for (const channel of restorer.heldChannels()) {
    const [index, kind, call] = channel.split(':');
    const held = restorer.flush(channel);
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
function anthropicEventRewriter(restorer: StreamingRestorer, vault: PlaceholderVault): EventRewriter {
  const deltaTypes = new Map<string, string>();
  return (event) => {
    const data = parseData(event);
    if (!data) return encodeSseEvent(event);
    const channel = String(data.index);
    if (data.type === 'content_block_delta' && isObject(data.delta)) {
      const delta = data.delta;
      deltaTypes.set(channel, String(delta.type));
      if (typeof delta.text === 'string') delta.text = restorer.push(channel, delta.text);
      if (typeof delta.partial_json === 'string')
        delta.partial_json = restorer.push(channel, delta.partial_json, true);
      return encodeJsonEvent(event.event, data);
    }
    if (data.type === 'content_block_stop') {
      const held = restorer.flush(channel);
      if (!held) return encodeSseEvent(event);
      const field = deltaTypes.get(channel) === 'input_json_delta' ? 'partial_json' : 'text';
      const delta = { type: deltaTypes.get(channel) ?? 'text_delta', [field]: held };
      return (
        encodeJsonEvent('content_block_delta', { type: 'content_block_delta', index: data.index, delta }) +
        encodeSseEvent(event)
      );
    }
    return event.data.includes('<')
      ? encodeJsonEvent(event.event, restoreValue(data, vault, '') as Json)
      : encodeSseEvent(event);
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
