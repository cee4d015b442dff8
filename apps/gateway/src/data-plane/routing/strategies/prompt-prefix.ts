import { hashFinish, hashSeparator, hashStart, hashText } from './hash';

const ROLE_CODES: Readonly<Record<string, number>> = {
  system: 1,
  developer: 1, // OpenAI's newer name for the system role
  user: 2,
  assistant: 3,
  tool: 4,
  function: 4,
};
const OTHER_ROLE = 5;
const PART_BREAK = 0x0a;

/** Hashes the canonical prompt's text up to a budget of characters, one role-tagged message at a time. */
class PrefixHasher {
  private state = hashStart();
  private left: number;

  constructor(maxChars: number) {
    this.left = maxChars;
  }

  get full(): boolean {
    return this.left <= 0;
  }

  /** One message: its role, then the text of its content (a string, or parts/blocks carrying `text`). */
  message(role: unknown, content: unknown): void {
    if (this.full || content === undefined || content === null) return;
    this.state = hashSeparator(this.state, (typeof role === 'string' && ROLE_CODES[role]) || OTHER_ROLE);
    if (typeof content === 'string') return this.text(content);
    if (!Array.isArray(content)) return;
    let parts = 0;
    for (const part of content as unknown[]) {
      const text = (part as { text?: unknown } | null)?.text;
      if (typeof text !== 'string') continue;
      // Between parts only, so one text part keys like the same text as a plain string.
      if (parts > 0) this.state = hashSeparator(this.state, PART_BREAK);
      this.text(text);
      parts += 1;
    }
  }

  finish(): number {
    return hashFinish(this.state);
  }

  private text(text: string): void {
    if (this.left <= 0) return;
    this.state = hashText(this.state, text, this.left);
    this.left -= text.length;
  }
}

/**
 * The affinity key of a prompt: a hash of its leading part, the part that requests of one application share and
 * that an upstream's prefix (KV) cache keeps. That is the system prompt (OpenAI's system or developer message,
 * Anthropic's `system`, the Responses API's `instructions`) and every message but the last, which is the new turn
 * that differs between requests; a prompt of one message is keyed by that message. Only the first `maxChars`
 * characters of text count, and the same conversation gives the same key in either wire format.
 */
export function promptPrefixKey(body: Record<string, unknown>, maxChars: number): number {
  const hasher = new PrefixHasher(maxChars);
  hasher.message('system', body.system);
  hasher.message('system', body.instructions);
  const messages = Array.isArray(body.messages)
    ? body.messages
    : Array.isArray(body.input)
      ? body.input
      : null;
  if (messages === null) {
    // Legacy completions (`prompt`) and a Responses `input` string: one text, keyed by its start.
    hasher.message('user', typeof body.prompt === 'string' ? body.prompt : body.input);
    return hasher.finish();
  }
  const hasSystem = body.system !== undefined || body.instructions !== undefined;
  const leading = messages.length > 1 || hasSystem ? messages.length - 1 : messages.length;
  for (let index = 0; index < leading && !hasher.full; index += 1) {
    const message = messages[index] as { role?: unknown; content?: unknown } | null;
    hasher.message(message?.role, message?.content);
  }
  return hasher.finish();
}
