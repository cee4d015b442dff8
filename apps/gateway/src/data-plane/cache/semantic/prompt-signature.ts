import { fnv1a, promptWords, stem, STOPWORDS } from './prompt-words';

/**
 * What the second check compares after the similarity threshold, kept beside each semantic entry (hashes and
 * numbers only, no prompt text): how many negations the question has, the numbers it names, the sides it takes of
 * opposite pairs (enable/disable, before/after…) and its key terms. The known failure of a single-threshold semantic
 * cache is two questions that embed close but ask different things: "how do I enable X" / "how do I disable X",
 * "is X safe" / "is X not safe", "top 5 …" / "top 10 …", "capital of France" / "capital of Spain".
 */
export type PromptSignature = {
  negations: number;
  numbers: string[];
  /** `<pair>:<side>` for each word that belongs to an opposite pair. */
  polarities: string[];
  /** FNV-1a hashes (hex) of the stemmed content words. */
  terms: string[];
};

/** Share of key terms two matching questions must have in common (Jaccard), tuned on bench/data. */
export const MIN_TERM_OVERLAP = 0.5;

const NEGATIONS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'nowhere',
  'neither',
  'nor',
  'without',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
  'shouldnt',
  'couldnt',
  'hasnt',
  'havent',
  'hadnt',
  'mustnt',
  'neednt',
  'except',
  'excluding',
  'avoid',
]);

// Opposite pairs: a question on one side must not get the answer to the other.
const OPPOSITES: readonly (readonly [string, string])[] = [
  ['enable', 'disable'],
  ['increase', 'decrease'],
  ['add', 'remove'],
  ['install', 'uninstall'],
  ['before', 'after'],
  ['min', 'max'],
  ['minimum', 'maximum'],
  ['start', 'stop'],
  ['open', 'close'],
  ['encrypt', 'decrypt'],
  ['upload', 'download'],
  ['import', 'export'],
  ['buy', 'sell'],
  ['lock', 'unlock'],
  ['allow', 'deny'],
  ['accept', 'reject'],
  ['first', 'last'],
  ['best', 'worst'],
  ['cheapest', 'expensive'],
  ['fast', 'slow'],
  ['faster', 'slower'],
  ['high', 'low'],
  ['higher', 'lower'],
  ['more', 'less'],
  ['largest', 'smallest'],
  ['biggest', 'smallest'],
  ['longest', 'shortest'],
  ['hot', 'cold'],
  ['win', 'lose'],
  ['push', 'pull'],
  ['connect', 'disconnect'],
  ['subscribe', 'unsubscribe'],
  ['show', 'hide'],
  ['true', 'false'],
  ['positive', 'negative'],
  ['advantage', 'disadvantage'],
  ['pro', 'con'],
  ['benefit', 'risk'],
  ['up', 'down'],
  ['north', 'south'],
  ['east', 'west'],
  ['left', 'right'],
  ['input', 'output'],
  ['client', 'server'],
  ['male', 'female'],
  ['morning', 'evening'],
  ['asc', 'desc'],
  ['ascending', 'descending'],
  ['create', 'delete'],
  ['encode', 'decode'],
  ['compress', 'decompress'],
  ['serialize', 'deserialize'],
  ['merge', 'split'],
];

const SIDES: ReadonlyMap<string, string> = new Map(
  OPPOSITES.flatMap(([one, other], pair) => [
    [one, `${pair}:0`],
    [other, `${pair}:1`],
  ]),
);

const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
    'twenty',
  ].map((word, value) => [word, String(value)]),
);

export function signatureOf(question: string): PromptSignature {
  const signature: PromptSignature = { negations: 0, numbers: [], polarities: [], terms: [] };
  const numbers = new Set<string>();
  const polarities = new Set<string>();
  const terms = new Set<string>();
  for (const word of promptWords(question)) {
    if (NEGATIONS.has(word)) {
      signature.negations += 1;
      continue;
    }
    const number = numberOf(word);
    if (number !== undefined) {
      numbers.add(number);
      continue;
    }
    const stemmed = stem(word);
    const side = SIDES.get(word) ?? SIDES.get(stemmed);
    if (side) polarities.add(side);
    if (!STOPWORDS.has(stemmed) && !STOPWORDS.has(word)) terms.add(fnv1a(stemmed).toString(16));
  }
  signature.numbers = [...numbers].sort();
  signature.polarities = [...polarities].sort();
  signature.terms = [...terms].sort();
  return signature;
}

/** Why two similar questions must not share an answer, or undefined when they may. */
export type MismatchReason = 'negation' | 'numbers' | 'opposites' | 'terms';

export function mismatchOf(question: PromptSignature, cached: PromptSignature): MismatchReason | undefined {
  if (question.negations % 2 !== cached.negations % 2) return 'negation';
  if (!sameList(question.numbers, cached.numbers)) return 'numbers';
  if (!sameList(question.polarities, cached.polarities)) return 'opposites';
  if (jaccard(question.terms, cached.terms) < MIN_TERM_OVERLAP) return 'terms';
  return undefined;
}

/** A stored signature read back; anything malformed matches nothing. */
export function readSignature(stored: unknown): PromptSignature | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { negations, numbers, polarities, terms } = stored as Record<string, unknown>;
  if (typeof negations !== 'number' || !isStrings(numbers) || !isStrings(polarities) || !isStrings(terms)) {
    return undefined;
  }
  return { negations, numbers, polarities, terms };
}

/** A number as written ("1,000", "3.50", "05") or spelled up to twenty, normalised; undefined for other words. */
function numberOf(word: string): string | undefined {
  const spelled = NUMBER_WORDS.get(word);
  if (spelled !== undefined) return spelled;
  if (!/^\d[\d.]*$/.test(word)) return undefined;
  const value = Number(word);
  return Number.isFinite(value) ? String(value) : word;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const other = new Set(b);
  const shared = a.filter((item) => other.has(item)).length;
  return shared / (a.length + b.length - shared);
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
