// Extracts the text of messages in both API dialects, for token counting and the reply digest.
// Non-text parts (images, audio, files) contribute no text: see README "Token accounting".
import { asArray, asString, isObject } from './json.js';

/** OpenAI message content: a string, or parts of which text and refusal parts carry text. */
export function openAiContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const part of asArray(content) ?? []) {
    if (!isObject(part)) continue;
    const text = asString(part.text) ?? asString(part.refusal);
    if (text !== undefined) texts.push(text);
  }
  return texts.join('\n');
}

/** Anthropic content: a string, or blocks (text, tool_use input, tool_result content). */
export function anthropicContentText(content: unknown): string {
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const block of asArray(content) ?? []) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block.type === 'tool_use')
      texts.push(`${asString(block.name) ?? ''}${JSON.stringify(block.input ?? {})}`);
    else if (block.type === 'tool_result') texts.push(anthropicContentText(block.content));
  }
  return texts.join('\n');
}

type Dialect = 'openai' | 'anthropic';

/** Text of the last user message, or "" when there is none. */
export function lastUserText(messages: readonly unknown[], dialect: Dialect): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!isObject(m) || m.role !== 'user') continue;
    return dialect === 'openai' ? openAiContentText(m.content) : anthropicContentText(m.content);
  }
  return '';
}
