import type { Endpoint } from '../pipeline/request-context';
import type { PromptSource } from './injection/injection-rules';

/** Who wrote a piece of prompt text. */
export type PromptRole = 'system' | 'user' | 'assistant' | 'tool';

/**
 * One string of a request body that reaches the model, and where it sits (a path of keys and indexes from the
 * body's root), so a rewritten text can be put back in a copy of the body.
 */
export type PromptText = { text: string; role: PromptRole; path: readonly (string | number)[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The texts of a request body, per endpoint: messages and their text parts, tool results and tool-call arguments,
 * system prompts, legacy prompts, embedding inputs, image prompts. Images, audio and token arrays are skipped. The
 * body has not been validated yet (passthrough forwards it as sent), so every field is checked for its type.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://docs.anthropic.com/en/api/messages
 */
export function collectPromptTexts(endpoint: Endpoint, body: Json): PromptText[] {
  const texts: PromptText[] = [];
  switch (endpoint) {
    case 'chat/completions':
      collectOpenAIMessages(body.messages, texts);
      break;
    case 'messages':
      collectContent(body.system, 'system', ['system'], texts);
      collectAnthropicMessages(body.messages, texts);
      break;
    case 'responses':
      collectString(body.instructions, 'system', ['instructions'], texts);
      if (typeof body.input === 'string') collectString(body.input, 'user', ['input'], texts);
      else collectResponsesItems(body.input, texts);
      break;
    case 'completions':
      collectStrings(body.prompt, 'user', ['prompt'], texts);
      break;
    case 'embeddings':
      collectStrings(body.input, 'user', ['input'], texts);
      break;
    case 'images/generations':
      collectString(body.prompt, 'user', ['prompt'], texts);
      break;
    case 'audio/transcriptions':
      break;
  }
  return texts;
}

/** Whether a text is scored for prompt injection, and as what: the tenant's own system prompt is not. */
export function injectionSourceOf(role: PromptRole): PromptSource | undefined {
  if (role === 'user') return 'user';
  return role === 'tool' ? 'tool' : undefined;
}

function collectOpenAIMessages(messages: unknown, texts: PromptText[]): void {
  if (!Array.isArray(messages)) return;
  messages.forEach((message: unknown, index) => {
    if (!isObject(message)) return;
    const role = roleOf(message.role);
    collectContent(message.content, role, ['messages', index, 'content'], texts);
    if (Array.isArray(message.tool_calls)) {
      message.tool_calls.forEach((call: unknown, callIndex) => {
        if (isObject(call) && isObject(call.function)) {
          const path = ['messages', index, 'tool_calls', callIndex, 'function', 'arguments'];
          collectString(call.function.arguments, 'assistant', path, texts);
        }
      });
    }
  });
}

function collectAnthropicMessages(messages: unknown, texts: PromptText[]): void {
  if (!Array.isArray(messages)) return;
  messages.forEach((message: unknown, index) => {
    if (!isObject(message)) return;
    const role = roleOf(message.role);
    const path = ['messages', index, 'content'];
    if (typeof message.content === 'string') return collectString(message.content, role, path, texts);
    if (!Array.isArray(message.content)) return;
    message.content.forEach((block: unknown, blockIndex) => {
      if (!isObject(block)) return;
      const blockPath = [...path, blockIndex];
      if (block.type === 'text') collectString(block.text, role, [...blockPath, 'text'], texts);
      else if (block.type === 'tool_result')
        collectContent(block.content, 'tool', [...blockPath, 'content'], texts);
      else if (block.type === 'tool_use') collectLeaves(block.input, role, [...blockPath, 'input'], texts);
    });
  });
}

function collectResponsesItems(items: unknown, texts: PromptText[]): void {
  if (!Array.isArray(items)) return;
  items.forEach((item: unknown, index) => {
    if (!isObject(item)) return;
    const path = ['input', index];
    if (item.type === 'function_call_output') collectString(item.output, 'tool', [...path, 'output'], texts);
    else if (item.type === 'function_call')
      collectString(item.arguments, 'assistant', [...path, 'arguments'], texts);
    else collectContent(item.content, roleOf(item.role), [...path, 'content'], texts);
  });
}

/** A string, or an array of parts whose text parts (`text`, `input_text`, `output_text`) are collected. */
function collectContent(
  content: unknown,
  role: PromptRole,
  path: (string | number)[],
  texts: PromptText[],
): void {
  if (typeof content === 'string') return collectString(content, role, path, texts);
  if (!Array.isArray(content)) return;
  content.forEach((part: unknown, index) => {
    if (isObject(part) && typeof part.text === 'string')
      collectString(part.text, role, [...path, index, 'text'], texts);
  });
}

/** A string or an array of strings (token arrays are skipped). */
function collectStrings(
  value: unknown,
  role: PromptRole,
  path: (string | number)[],
  texts: PromptText[],
): void {
  if (typeof value === 'string') return collectString(value, role, path, texts);
  if (Array.isArray(value))
    value.forEach((item, index) => collectString(item, role, [...path, index], texts));
}

/** Every string inside a JSON value (a tool call's input object). */
function collectLeaves(
  value: unknown,
  role: PromptRole,
  path: (string | number)[],
  texts: PromptText[],
): void {
  if (typeof value === 'string') collectString(value, role, path, texts);
  else if (Array.isArray(value))
    value.forEach((item, index) => collectLeaves(item, role, [...path, index], texts));
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) collectLeaves(item, role, [...path, key], texts);
}

function collectString(
  value: unknown,
  role: PromptRole,
  path: (string | number)[],
  texts: PromptText[],
): void {
  if (typeof value === 'string' && value.length > 0) texts.push({ text: value, role, path });
}

function roleOf(role: unknown): PromptRole {
  if (role === 'system' || role === 'developer') return 'system';
  if (role === 'assistant') return 'assistant';
  if (role === 'tool' || role === 'function') return 'tool';
  return 'user';
}

/** A deep copy of the body with each path's string replaced; the original is left as the client sent it. */
export function withReplacedTexts(
  body: Json,
  replacements: readonly { path: readonly (string | number)[]; text: string }[],
): Json {
  const copy = structuredClone(body);
  for (const { path, text } of replacements) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
    (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = text;
  }
  return copy;
}
