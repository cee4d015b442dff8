// The token ids of a prompt in one canonical order (system prompt, then each message as "role: text"), for the
// simulated prefix cache. Two requests that share a leading part of this text share its leading tokens.
import { asArray, asString, isObject, type JsonObject } from './json.js';
import { anthropicContentText, openAiContentText } from './prompt-text.js';
import { textTokenIds } from './tokenizer.js';

type Dialect = 'openai' | 'anthropic';

function promptText(body: JsonObject, dialect: Dialect): string {
  const lines: string[] = [];
  const contentText = dialect === 'openai' ? openAiContentText : anthropicContentText;
  if (body.system !== undefined) lines.push(`system: ${anthropicContentText(body.system)}`);
  const instructions = asString(body.instructions);
  if (instructions !== undefined) lines.push(`system: ${instructions}`);
  const messages = asArray(body.messages) ?? asArray(body.input);
  for (const message of messages ?? []) {
    if (!isObject(message)) continue;
    const role = asString(message.role) ?? 'user';
    lines.push(`${role === 'developer' ? 'system' : role}: ${contentText(message.content)}`);
  }
  if (!messages) {
    const text = asString(body.prompt) ?? asString(body.input);
    if (text !== undefined) lines.push(`user: ${text}`);
  }
  return lines.join('\n');
}

export function promptTokenIds(body: JsonObject, dialect: Dialect): number[] {
  return textTokenIds(promptText(body, dialect));
}
