/**
 * The words of a prompt as the offline embedder and the match check see them: lower case, accents kept, split on
 * anything that is not a letter or a digit, contractions joined ("don't" → "dont"), a light suffix stemmer so
 * "resetting", "resets" and "reset" agree. No dictionary: it is cheap and language-agnostic enough for a cache key.
 */
export function promptWords(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}.]+|(?<!\d)\.|\.(?!\d)/u)
    .filter((word) => word !== '');
}

/** English function words: they carry little of a question's meaning, so they weigh little. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into onto about as is are was were be been ' +
    'being am do does did doing have has had having i me my mine we us our you your he him his she her it its they ' +
    'them their this that these those there here what which who whom whose when where why how can could would ' +
    'should will shall may might must please tell give show explain describe let lets im ive id youre whats hows ' +
    'just also some any all more most very much many such than too up down out over again way thing things get ' +
    'got make want need know like use using'
  ).split(' '),
);

const SUFFIXES = ['ingly', 'ing', 'edly', 'ed', 'ies', 'es', 's', 'ly'] as const;

/** Strips one common English suffix when enough of the word is left ("resetting" → "reset", "cities" → "city"). */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    let base = word.slice(0, -suffix.length);
    if (suffix === 'ies') base += 'y';
    else if (/(.)\1$/.test(base) && !/(ll|ss|zz)$/.test(base)) base = base.slice(0, -1);
    return base;
  }
  return word;
}

/** 32-bit FNV-1a of a string: the feature hash of the embedder and the term hash of signatures. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
