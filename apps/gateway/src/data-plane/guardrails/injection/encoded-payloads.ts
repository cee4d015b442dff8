// Instructions hidden in an encoding: base64, hex or ROT13 runs, or reversed text, are decoded and scored like plain
// text.

// The lookbehinds make a match start only where a run starts: a failed try is not retried inside the same run.
const BASE64_RUN = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}={0,2}/g;
const HEX_RUN = /\b(?:[0-9a-f]{2}){12,}\b/g;
// A decoded run counts as text when almost all of it is printable ASCII; binary (images, keys, hashes) is not.
const PRINTABLE = /^[\x20-\x7E\t\n\r]*$/;
const MAX_RUNS = 16;

/**
 * Texts hidden in base64 and hex runs of the (original, not lower-cased) prompt. Hex digits are base64 characters,
 * so every hex run lies inside a base64 run: one scan of the text finds both.
 */
export function decodedRuns(text: string): string[] {
  const decoded: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    if (decoded.length >= MAX_RUNS) break;
    const run = match[0];
    const plain = Buffer.from(run, 'base64').toString('latin1');
    if (looksLikeText(plain)) decoded.push(plain);
    if (!/[0-9a-f]{24}/i.test(run)) continue;
    for (const hex of run.toLowerCase().matchAll(HEX_RUN)) {
      if (decoded.length >= MAX_RUNS) break;
      const hidden = Buffer.from(hex[0], 'hex').toString('latin1');
      if (looksLikeText(hidden)) decoded.push(hidden);
    }
  }
  return decoded;
}

function looksLikeText(plain: string): boolean {
  return plain.length >= 12 && PRINTABLE.test(plain) && /[a-z]{3,}\s+[a-z]{2,}/i.test(plain);
}

/** ROT13 of a text (its own inverse). */
export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (char) => {
    const base = char <= 'Z' ? 65 : 97;
    return String.fromCharCode(((char.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** A text read backwards: reversed as a whole ("snoitcurtsni suoiverp erongi") and word by word ("erongi lla"). */
export function reversals(text: string): [string, string] {
  return [[...text].reverse().join(''), text.replace(/\S+/g, (word) => [...word].reverse().join(''))];
}
