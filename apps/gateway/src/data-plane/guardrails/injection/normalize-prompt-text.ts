import { remove as withoutConfusables } from 'confusables';
import { LEET } from './phrasing-features';

// Characters that render as nothing, used to split trigger words ("ig\u200Bnore") past pattern matching.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const NON_ASCII = /[\u0080-\uFFFF]/;
// Unicode tag characters (U+E0020–U+E007E) render as nothing but spell ASCII ("ASCII smuggling"): read them as it.
const TAG_CHARACTERS = /[\u{E0020}-\u{E007E}]/gu;
// Letters of the scripts whose look-alikes pass for Latin ones (Greek, Cyrillic, Armenian, Cherokee), and runs of
// them and Latin letters: a run mixing both is a word with look-alikes hiding a trigger word ("dіsrеgаrd" with
// Cyrillic і, е, а). Words of one script (Russian, Greek, accented Latin) are left as they are.
const LOOKALIKE_SCRIPTS = /[\u0370-\u058F\u13A0-\u13FF]/;
const LATIN_OR_LOOKALIKE_RUN = /[a-z\u00C0-\u024F\u0370-\u058F\u13A0-\u13FF]+/g;
// A word spelt out letter by letter with one separator ("i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e"), at least
// three letters so abbreviations ("e.g.", "a.m.") stay: the letters are joined back into the word.
const SPELLED_OUT = /\b[a-z]([ .\-_*])[a-z](?:\1[a-z])+\b/g;
const SEPARATOR = /[ .\-_*]/g;
// A word written with digits for letters ("1gn0r3", "pr3v10us"): found from a letter next to a digit leetspeak uses
// (a scan for the pair is several times cheaper than one for whole words), then read as a whole word.
const LEET_PAIR = /[a-z][013457]|[013457][a-z]/g;
const WORD_CHARACTER = /[a-z0-9_]/;
const LEET_WORD = /^[a-z013457]{3,}$/;
const LEET_DIGIT = /[013457]/g;

/**
 * The text the injection rules and the phrasing scorer read: lower case, words spelt out letter by letter joined
 * back, digits read as the letters they stand for in words mixing both ("1gn0r3"), and, when it holds anything beyond
 * ASCII, NFKC-folded (full-width and styled letters become plain ones), Unicode tag characters read as the ASCII they
 * spell, invisible characters removed and look-alike letters inside Latin words replaced by the Latin ones (the
 * `confusables` package's table). ASCII text skips the Unicode work, which is most of the cost on long prompts.
 */
export function normalizePromptText(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return readObfuscatedWords(lower);
  const folded = lower
    .replace(TAG_CHARACTERS, (tag) => String.fromCharCode((tag.codePointAt(0) ?? 0) - 0xe0000).toLowerCase())
    .normalize('NFKC')
    .replace(INVISIBLE, '');
  return readObfuscatedWords(withLatinLookalikes(folded));
}

function withLatinLookalikes(text: string): string {
  if (!LOOKALIKE_SCRIPTS.test(text)) return text;
  return text.replace(LATIN_OR_LOOKALIKE_RUN, (word) =>
    /[a-z]/.test(word) && LOOKALIKE_SCRIPTS.test(word) ? withoutConfusables(word).toLowerCase() : word,
  );
}

/** Letter-spaced words joined, then leetspeak read. */
function readObfuscatedWords(text: string): string {
  return readLeetspeak(text.replace(SPELLED_OUT, (letters) => letters.replace(SEPARATOR, '')));
}

function readLeetspeak(text: string): string {
  let out = '';
  let copied = 0;
  for (const pair of text.matchAll(LEET_PAIR)) {
    let start = pair.index;
    if (start < copied) continue;
    while (start > 0 && WORD_CHARACTER.test(text[start - 1] ?? '')) start -= 1;
    let end = pair.index + 2;
    while (end < text.length && WORD_CHARACTER.test(text[end] ?? '')) end += 1;
    const word = text.slice(start, end);
    if (LEET_WORD.test(word)) {
      out += text.slice(copied, start) + word.replace(LEET_DIGIT, (digit) => LEET[digit] ?? digit);
      copied = end;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
