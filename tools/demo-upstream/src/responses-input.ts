// The Responses API's `instructions` and `input` (a string, or a list of input items) as the
// equivalent chat messages, so the reply digest and token counting work as they do for chat.
import { asArray, asString, isObject, type JsonObject } from './json.js';
import type { Check, Invalid } from './request-checks.js';
import { countOpenAiChatPrompt } from './usage.js';

const invalid = (param: string, message: string): Invalid => ({ ok: false, param, message });

/** Text of a function_call_output: a string, or content parts (text parts count). */
function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  return (asArray(output) ?? [])
    .map((part) => (isObject(part) ? (asString(part.text) ?? '') : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/**
 * One input item as a chat message, or null for items that carry no text (reasoning, references).
 * Message content parts keep their `text` (input_text, output_text); images and files count nothing.
 */
function itemMessage(item: JsonObject): JsonObject | null {
  if (item.type === 'function_call') {
    const call = { name: asString(item.name) ?? '', arguments: asString(item.arguments) ?? '' };
    return { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: call }] };
  }
  if (item.type === 'function_call_output') return { role: 'tool', content: outputText(item.output) };
  if (item.type === undefined || item.type === 'message') return { role: item.role, content: item.content };
  return null;
}

/** `instructions` (as a leading system message) and `input` as chat messages. */
export function responsesMessages(body: JsonObject): Check<readonly JsonObject[]> {
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string')
    return invalid('instructions', "Invalid type for 'instructions': expected a string.");
  const messages: JsonObject[] = [];
  if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });

  if (body.input === undefined || body.input === null)
    return invalid('input', "Missing required parameter: 'input'.");
  if (typeof body.input === 'string') {
    messages.push({ role: 'user', content: body.input });
    return { ok: true, value: messages };
  }
  const items = asArray(body.input);
  if (!items)
    return invalid('input', "Invalid type for 'input': expected a string or an array of input items.");
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) return invalid(`input[${i}]`, `Invalid 'input[${i}]': expected an object.`);
    const message = itemMessage(item);
    if (message === null) continue;
    if (typeof message.role !== 'string')
      return invalid(`input[${i}].role`, `Missing required parameter: 'input[${i}].role'.`);
    messages.push(message);
  }
  return { ok: true, value: messages };
}

/**
 * Responses input tokens: the chat rule (see usage.ts) applied to `responsesMessages`, so
 * `instructions` costs what a system message would. Tool definitions are not counted.
 */
export function countResponsesInput(body: JsonObject): number {
  const messages = responsesMessages(body);
  return countOpenAiChatPrompt({ messages: messages.ok ? messages.value : [] });
}
