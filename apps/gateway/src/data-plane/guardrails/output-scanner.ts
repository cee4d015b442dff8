import type { StreamTextTransform } from './stream-text-transform';

/** Something an output guardrail found in generated text: where, what replaces it (none: counted only). */
export type OutputFinding = { start: number; end: number; replacement: string | undefined; record(): void };

/** Finds what one output guardrail looks for in a text (every finding, none recorded yet). */
export type OutputFinder = (text: string) => OutputFinding[];

// Characters of lookahead a streamed piece waits for before it is scanned and let out: longer than any card, phone
// number or IBAN with its spaces and than most blocked phrases, so a value is whole when it is judged.
const LOOKAHEAD_CHARS = 96;
// A token, key or JWT is one run of characters without spaces, often after a label ("api_key = …"), and can be far
// longer than the lookahead: a cut never falls inside a run shorter than this, nor between a label and its value.
// (A PEM key spans lines, but its detector matches an unfinished block to its end, which holds it back too.)
const MAX_HELD_RUN_CHARS = 4096;
const SPACE = /\s/;
const LABEL_END = /[:=]["'`]?$/;

/**
 * Runs the output guardrails' finders over what the model generates and replaces what they say. Streams are
 * scanned with a lookahead window per channel, so a value cut across events is still found, and the stream flows
 * on with a delay of a few dozen characters. Findings are recorded once, when the text around them is let out.
 */
export class OutputScanner implements StreamTextTransform {
  private readonly held = new Map<string, string>();

  constructor(private readonly finders: readonly OutputFinder[]) {}

  whole(text: string): string {
    return this.scan(text);
  }

  push(channel: string, piece: string): string {
    const text = (this.held.get(channel) ?? '') + piece;
    const safeEnd = this.safeEnd(text);
    this.held.set(channel, text.slice(safeEnd));
    return safeEnd === 0 ? '' : this.scan(text.slice(0, safeEnd));
  }

  flush(channel: string): string {
    const text = this.held.get(channel) ?? '';
    this.held.delete(channel);
    return text ? this.scan(text) : '';
  }

  heldChannels(prefix = ''): string[] {
    return [...this.held.keys()].filter((channel) => channel.startsWith(prefix) && this.held.get(channel));
  }

  /**
   * Where a text can be cut: the lookahead back from its end, moved to the start of the run of non-space characters
   * (and the label before it) it falls in, and before any finding the cut would split.
   */
  private safeEnd(text: string): number {
    let end = runStart(text, Math.max(0, text.length - LOOKAHEAD_CHARS));
    if (end === 0) return 0;
    for (const finding of this.findAll(text)) {
      if (finding.start < end && finding.end > end) end = finding.start;
    }
    return end;
  }

  /** The text with every finding recorded and replaced where its guardrail says so. */
  private scan(text: string): string {
    let out = '';
    let copiedUntil = 0;
    for (const finding of this.findAll(text)) {
      if (finding.start < copiedUntil) continue;
      finding.record();
      if (finding.replacement === undefined) continue;
      out += text.slice(copiedUntil, finding.start) + finding.replacement;
      copiedUntil = finding.end;
    }
    return out + text.slice(copiedUntil);
  }

  private findAll(text: string): OutputFinding[] {
    const findings = this.finders.flatMap((find) => find(text));
    return findings.length > 1 ? findings.sort((a, b) => a.start - b.start) : findings;
  }
}

/** `at`, or the start of the run of non-space characters it falls inside and of a label ("key:") just before it. */
function runStart(text: string, at: number): number {
  const limit = Math.max(0, at - MAX_HELD_RUN_CHARS);
  let start = at;
  while (start > limit && !SPACE.test(text[start - 1] ?? ' ') && !SPACE.test(text[start] ?? ' ')) start -= 1;
  if (start === limit && limit > 0) return at;
  let beforeSpaces = start;
  while (beforeSpaces > limit && SPACE.test(text[beforeSpaces - 1] ?? '')) beforeSpaces -= 1;
  if (!LABEL_END.test(text.slice(Math.max(0, beforeSpaces - 2), beforeSpaces))) return start;
  let label = beforeSpaces;
  while (label > limit && !SPACE.test(text[label - 1] ?? ' ')) label -= 1;
  return label === limit && limit > 0 ? start : label;
}
