import type { PiiEntityType } from '@llmguard/shared';
import type { StreamTextTransform } from './stream-text-transform';

// `<EMAIL_1>`: angle brackets and an upper-case label, which models copy through unchanged and prose rarely holds.
const PLACEHOLDER = /<([A-Z][A-Z_]*_\d+)>/g;
// The longest tail that may still grow into a placeholder: `<DATE_OF_BIRTH_999`.
const LONGEST_PARTIAL = 24;

/** The label of a kind in placeholders and masks: `credit_card` → `CREDIT_CARD`. */
export function labelOf(type: PiiEntityType): string {
  return type.toUpperCase();
}

/**
 * The values a request's prompt had replaced by placeholders (reversible redaction), kept in the request context
 * only, never logged or stored. The same value gets the same placeholder throughout the request, so the model sees
 * one `<EMAIL_1>` wherever that address appeared.
 */
export class PlaceholderVault {
  private readonly valueOf = new Map<string, string>();
  private readonly placeholderOf = new Map<string, string>();
  private readonly counts = new Map<PiiEntityType, number>();

  /** The placeholder standing for a value, made on first use. */
  placeholderFor(type: PiiEntityType, value: string): string {
    const key = `${type}\u0000${value}`;
    const known = this.placeholderOf.get(key);
    if (known) return known;
    const number = (this.counts.get(type) ?? 0) + 1;
    this.counts.set(type, number);
    const placeholder = `<${labelOf(type)}_${number}>`;
    this.placeholderOf.set(key, placeholder);
    this.valueOf.set(placeholder, value);
    return placeholder;
  }

  get size(): number {
    return this.valueOf.size;
  }

  /**
   * The text with every placeholder of this request put back. `escapeForJson` is for text that is itself JSON
   * (tool-call arguments): the value is inserted as the inside of a JSON string literal.
   */
  restore(text: string, escapeForJson = false): string {
    if (!text.includes('<')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => {
      const value = this.valueOf.get(placeholder);
      if (value === undefined) return placeholder;
      return escapeForJson ? JSON.stringify(value).slice(1, -1) : value;
    });
  }

  /** Whether a text's end could be the start of one of this request's placeholders (`<EMA`, `<EMAIL_`). */
  couldStartPlaceholder(tail: string): boolean {
    if (tail.length > LONGEST_PARTIAL || !/^<[A-Z_]*\d*$/.test(tail)) return false;
    for (const placeholder of this.valueOf.keys()) if (placeholder.startsWith(tail)) return true;
    return false;
  }
}

/**
 * Restores placeholders in text that arrives in pieces (stream deltas), per channel (one per choice, content block
 * or tool call): a piece ending in what may be the start of a placeholder keeps that tail back until the next
 * piece of the same channel, or the channel's end, says what it is.
 */
export class StreamingRestorer implements StreamTextTransform {
  private readonly held = new Map<string, string>();

  constructor(private readonly vault: PlaceholderVault) {}

  whole(text: string, escapeForJson = false): string {
    return this.vault.restore(text, escapeForJson);
  }

  push(channel: string, piece: string, escapeForJson = false): string {
    const text = this.vault.restore((this.held.get(channel) ?? '') + piece, escapeForJson);
    const start = text.lastIndexOf('<');
    if (start >= 0 && this.vault.couldStartPlaceholder(text.slice(start))) {
      this.held.set(channel, text.slice(start));
      return text.slice(0, start);
    }
    this.held.delete(channel);
    return text;
  }

  /** What a channel still holds, when it ends. */
  flush(channel: string): string {
    const rest = this.held.get(channel) ?? '';
    this.held.delete(channel);
    return rest;
  }

  /** Channels holding text, whose names start with `prefix`. */
  heldChannels(prefix = ''): string[] {
    return [...this.held.keys()].filter((channel) => channel.startsWith(prefix));
  }
}
