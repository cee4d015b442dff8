import type { PiiAction, PiiEntityType } from '@llmguard/shared';
import type { OutputGuardrailConfig } from './guardrail-config';
import { labelOf } from './placeholder-vault';
import { findPii } from './pii/detect-pii';
import type { StreamTextTransform } from './stream-text-transform';

// Characters of lookahead a streamed piece waits for before it is scanned and let out: longer than any card,
// phone number or IBAN with its spaces, so a value is whole when it is judged. Longer secrets (PEM keys) can
// straddle the window; see the README.
const LOOKAHEAD_CHARS = 64;

/**
 * Finds personal data in what the model generates, per the policy's output actions: `detect` counts it, `mask`,
 * `redact` and `block` replace it by its label (`[EMAIL]`): a completion has nothing to restore, and refusing a
 * stream whose headers are gone would break it. Streams are scanned with a short lookahead window per channel,
 * so a value cut across events is still found, and the stream flows on with a small delay.
 */
export class OutputPiiScanner implements StreamTextTransform {
  private readonly held = new Map<string, string>();

  constructor(
    private readonly config: OutputGuardrailConfig,
    /** Told of every value found, with the action taken (to count it; never given the value). */
    private readonly onFinding: (type: PiiEntityType, action: Exclude<PiiAction, 'off'>) => void,
  ) {}

  whole(text: string): string {
    return this.scan(text, text.length);
  }

  push(channel: string, piece: string): string {
    const text = (this.held.get(channel) ?? '') + piece;
    const safeEnd = this.safeEnd(text);
    this.held.set(channel, text.slice(safeEnd));
    return safeEnd === 0 ? '' : this.scan(text, safeEnd);
  }

  flush(channel: string): string {
    const text = this.held.get(channel) ?? '';
    this.held.delete(channel);
    return text ? this.scan(text, text.length) : '';
  }

  heldChannels(prefix = ''): string[] {
    return [...this.held.keys()].filter((channel) => channel.startsWith(prefix) && this.held.get(channel));
  }

  /** Where a text can be cut: the lookahead back from its end, moved before any finding the cut would split. */
  private safeEnd(text: string): number {
    let end = Math.max(0, text.length - LOOKAHEAD_CHARS);
    if (end === 0) return 0;
    for (const finding of findPii(text, this.config.piiDetectors)) {
      if (finding.start < end && finding.end > end) end = finding.start;
    }
    return end;
  }

  /** The first `end` characters with findings counted and, unless their action is detect, replaced. */
  private scan(text: string, end: number): string {
    const part = text.slice(0, end);
    let out = '';
    let copiedUntil = 0;
    for (const finding of findPii(part, this.config.piiDetectors)) {
      const action = this.config.piiActions.get(finding.type) ?? 'detect';
      this.onFinding(finding.type, action);
      if (action === 'detect') continue;
      out += part.slice(copiedUntil, finding.start) + `[${labelOf(finding.type)}]`;
      copiedUntil = finding.end;
    }
    return out + part.slice(copiedUntil);
  }
}
