// Quotations: a text that quotes an attack (a news story, a question about one, a test file of attack strings) talks
// about it rather than says it, so the rules weigh matches inside quotations a third and the phrasing scorer reads the
// text with them blanked.

// A quotation in prose ("…" between spaces or punctuation, “…”, «…», 「…」, on one line, at most 200 characters), unless
// it is a JSON key, value or array item or a value assigned in code or markup (data the model reads or evaluates), or
// what the model is told to say ("reply with \"yes\""). Found from the opening marks: a regular expression with
// the same lookbehind, tried at every position, took 0.5 ms on a 4,000-token prompt.
const OPENING_MARK = /["\u201C\u00AB\u300C]/g;
const CLOSING_MARK: Readonly<Record<string, string>> = {
  '"': '"',
  '\u201C': '\u201D',
  '\u00AB': '\u00BB',
  '\u300C': '\u300D',
};
const QUOTATION_MAX_CHARS = 200;
const NOT_A_QUOTATION_AFTER =
  /(?:[:,[{=]\s*|\b(?:say|reply|respond|answer|print|output|write|return|repeat)(?: only)?(?: with)?\s*:?\s*)$/;
const STRAIGHT_QUOTE_BEFORE = /^$|[\s(]/;
const STRAIGHT_QUOTE_AFTER = /^$|[\s.,;!?)]/;

/** Where a text quotes something it talks about: said by someone else, not to the model. */
export function quotationsOf(text: string): [number, number][] {
  const quotations: [number, number][] = [];
  OPENING_MARK.lastIndex = 0;
  for (let match = OPENING_MARK.exec(text); match; match = OPENING_MARK.exec(text)) {
    const open = match.index;
    const close = text.indexOf(CLOSING_MARK[match[0]] ?? '"', open + 1);
    if (close < 0 || close - open - 1 > QUOTATION_MAX_CHARS || close === open + 1) continue;
    if (text.slice(open + 1, close).includes('\n')) continue;
    const straight = match[0] === '"';
    if (
      straight &&
      !(STRAIGHT_QUOTE_BEFORE.test(text[open - 1] ?? '') && STRAIGHT_QUOTE_AFTER.test(text[close + 1] ?? ''))
    )
      continue;
    if (NOT_A_QUOTATION_AFTER.test(text.slice(Math.max(0, open - 24), open))) continue;
    quotations.push([open, close + 1]);
    OPENING_MARK.lastIndex = close + 1;
  }
  return quotations;
}

/**
 * What the phrasing scorer reads of a normalised text: the text with its quotations blanked, so an article or a
 * question quoting an attack is judged by what it says around it (train-injection-model.mjs trains on the same).
 */
export function textForPhrasing(
  normalized: string,
  quotations: readonly [number, number][] = quotationsOf(normalized),
): string {
  return quotations.length === 0 ? normalized : withoutQuotations(normalized, quotations);
}

function withoutQuotations(text: string, quotations: readonly [number, number][]): string {
  let out = '';
  let copied = 0;
  for (const [start, end] of quotations) {
    out += `${text.slice(copied, start)} `;
    copied = end;
  }
  return out + text.slice(copied);
}
