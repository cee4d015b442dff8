import { decodedRuns, reversals, rot13 } from './encoded-payloads';
import {
  INJECTION_RULES,
  REVERSED_MARKERS,
  ROT13_MARKERS,
  type InjectionRule,
  type InjectionTechnique,
  type PromptSource,
} from './injection-rules';
import { normalizePromptText } from './normalize-prompt-text';
import { quotationsOf, textForPhrasing } from './quotations';
import { hashPhrasingWords, isPlainAscii, wordHash, type HashedWords } from './phrasing-features';
import { scorePhrasing, scorePhrasingWords } from './phrasing-scorer';

/** How much a text looks like a prompt injection (0–1), and the techniques that made it so. */
export type InjectionScore = { score: number; techniques: InjectionTechnique[] };

export const NO_INJECTION: InjectionScore = Object.freeze({ score: 0, techniques: [] }) as InjectionScore;

/** The rules a text matches, each with the weight it carries there. */
export type Evidence = Map<InjectionRule, number>;

// The learned phrasing scorer's verdict, one more piece of evidence; under PHRASING_FLOOR it says nothing.
const PHRASING: InjectionRule = { technique: 'phrasing_model', pattern: /$^/, weight: 0 };
const PHRASING_FLOOR = 0.2;
// An encoded run that decodes to an attack: hiding it is itself a sign.
const ENCODED_ATTACK: InjectionRule = { technique: 'encoded_payload', pattern: /$^/, weight: 0.9 };
// Opening quotation marks and the marks that close them.
const CLOSING: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\u201C': '\u201D',
  '\u2018': '\u2019',
  '\u00AB': '\u00BB',
  '\u300C': '\u300D',
  '\u300E': '\u300F',
  '`': '`',
};

/**
 * Scores one text with the layered heuristics: the phrasing rules (injection-rules.ts) and the learned phrasing
 * scorer (phrasing-scorer.ts), which catches wordings no rule lists. Every rule that matches, and the scorer's
 * probability, is independent evidence, combined as a noisy-or (1 − Π(1 − w)), so two weak signals together
 * outweigh either alone. Base64, hex and ROT13 runs, and text written backwards, are decoded and scored the same way,
 * and hiding an attack in them is evidence of its own.
 */
export function scoreInjection(text: string, source: PromptSource): InjectionScore {
  const normalized = normalizePromptText(text);
  const words = hashPhrasingWords(normalized);
  const quotations = quotationsOf(normalized);
  const evidence = matchRules(normalized, source, rulesToScan(words, normalized), quotations);
  const phrasingText = textForPhrasing(normalized, quotations);
  addPhrasing(
    evidence,
    phrasingText === normalized ? scorePhrasingWords(words) : scorePhrasing(phrasingText),
  );
  if (ROT13_MARKERS.test(text.toLowerCase())) {
    addEncoded(evidence, matchRules(normalizePromptText(rot13(text)), source));
  }
  const hidden = decodedRuns(text).map(normalizePromptText);
  if (REVERSED_MARKERS.test(normalized)) hidden.push(...reversals(normalized));
  for (const decoded of hidden) {
    const decodedEvidence = matchRules(decoded, source);
    addPhrasing(decodedEvidence, scorePhrasing(decoded));
    addEncoded(evidence, decodedEvidence);
  }
  if (evidence.size === 0) return NO_INJECTION;
  let clean = 1;
  const techniques = new Set<InjectionTechnique>();
  for (const [rule, weight] of evidence) {
    clean *= 1 - weight;
    techniques.add(rule.technique);
  }
  return { score: Math.round((1 - clean) * 1000) / 1000, techniques: [...techniques] };
}

const WORD_WITH_APOSTROPHES = /[a-z0-9]+(?:'+[a-z0-9]+)+/g;

// Anchor word (hashed as the text's words are) → the indexes of the rules it anchors.
const RULES_BY_ANCHOR = new Map<number, number[]>();
INJECTION_RULES.forEach((rule, index) => {
  for (const anchor of rule.anchors?.split(/\s+/) ?? []) {
    const hash = wordHash(anchor);
    RULES_BY_ANCHOR.set(hash, [...(RULES_BY_ANCHOR.get(hash) ?? []), index]);
  }
});

/**
 * Which rules can match a text, by its words (`words`, hashed from `text`): a rule with anchors only when one of them
 * is among the words, a rule for text beyond ASCII never, any other rule always; undefined (every rule) for text
 * beyond plain ASCII, where the patterns' ASCII-only `\b` and the words' Unicode letters disagree on where words end. The hashed words keep
 * apostrophes inside ("ignore'all" is one word) while a pattern's `\b` stops at them, so the parts between
 * apostrophes count as words too.
 */
export function rulesToScan(words: HashedWords, text: string): Uint8Array | undefined {
  if (!isPlainAscii(text)) return undefined;
  const scan = Uint8Array.from(INJECTION_RULES, (rule) => (rule.anchors || rule.beyondAscii ? 0 : 1));
  const mark = (hash: number) => {
    const rules = RULES_BY_ANCHOR.get(hash);
    if (rules) for (const rule of rules) scan[rule] = 1;
  };
  for (let index = 0; index < words.count; index += 1) mark(words.hashes[index] ?? 0);
  if (text.includes("'")) {
    for (const [word] of text.matchAll(WORD_WITH_APOSTROPHES))
      for (const part of word.split("'")) mark(wordHash(part));
  }
  return scan;
}

/**
 * The rules the text matches; with `scan` (from {@link rulesToScan}), only the rules it marks are tried; `quotations`
 * when the caller found them already.
 */
export function matchRules(
  text: string,
  source: PromptSource,
  scan?: Uint8Array,
  known?: readonly [number, number][],
): Evidence {
  const evidence: Evidence = new Map();
  let quotations = known;
  INJECTION_RULES.forEach((rule, index) => {
    if (scan && !scan[index]) return;
    const match = rule.pattern.exec(text);
    if (!match) return;
    quotations ??= quotationsOf(text);
    evidence.set(rule, weightOf(rule, source, text, match.index, match[0], quotations));
  });
  return evidence;
}

function weightOf(
  rule: InjectionRule,
  source: PromptSource,
  text: string,
  at: number,
  matched: string,
  quotations: readonly [number, number][],
): number {
  const weight = source === 'tool' ? (rule.toolWeight ?? rule.weight) : rule.weight;
  const quoted = quotations.some(([start, end]) => start < at && at < end);
  return quoted || (rule.mentionable && isMention(text, at, matched)) ? weight * 0.3 : weight;
}

/** Quoted ("…ignore previous instructions…") or named as a thing ("the <|endoftext|> token"). */
function isMention(text: string, at: number, matched: string): boolean {
  if (/\bthe\s+$/.test(text.slice(Math.max(0, at - 5), at)) || insideQuotes(text, at)) return true;
  const after = text.slice(at + matched.length, at + matched.length + 16);
  return /^\s*(?:and\s+\S+\s+)?(?:tokens?|tags?|markers?)\b/.test(after);
}

/**
 * Whether a quotation opened earlier on the same line is still open at `at`. An apostrophe opens a quotation
 * only after a space, colon or bracket, and closes one only before a space or punctuation, so "don't" is no quote.
 */
function insideQuotes(text: string, at: number): boolean {
  let open: string | undefined;
  for (let index = text.lastIndexOf('\n', at - 1) + 1; index < at; index += 1) {
    const char = text[index] ?? '';
    if (open) {
      if (char === CLOSING[open] && (open !== "'" || /[\s.,;:!?)]|$/.test(text[index + 1] ?? '')))
        open = undefined;
    } else if (char in CLOSING && (char !== "'" || /^$|[\s:([]/.test(text[index - 1] ?? ''))) {
      open = char;
    }
  }
  return open !== undefined;
}

function addPhrasing(into: Evidence, probability: number): void {
  if (probability >= PHRASING_FLOOR) into.set(PHRASING, probability);
}

function addEncoded(into: Evidence, decoded: Evidence): void {
  if (decoded.size === 0) return;
  for (const [rule, weight] of decoded) into.set(rule, Math.max(into.get(rule) ?? 0, weight));
  into.set(ENCODED_ATTACK, ENCODED_ATTACK.weight);
}
