// The features the learned phrasing scorer reads: hashed words, word pairs and skip pairs of a text, the letters of
// each longer word as a multiset (so "ignroe" and "ignore" share a feature), and pairs of word classes close to each
// other (phrasing-lexicon.ts: "drop … orders", "reveal … secret"). Shared by the gateway (phrasing-scorer.ts) and the
// trainer (bench/guardrails/train-injection-model.mjs), which imports the built module, so training and scoring can
// never disagree on a feature. Words are hashed straight from the text, without building strings, in the common
// case of plain ASCII: this runs on every prompt, and a 4,000-token prompt has some 3,000 words.
import { WORD_CLASS_NAMES } from './phrasing-lexicon';

/** The feature space: 2^18 hashed buckets. */
export const FEATURE_BITS = 18;
export const FEATURE_COUNT = 1 << FEATURE_BITS;

/** The words of a text, hashed: the word's hash, its letters' multiset hash, and its length, per position. */
export type HashedWords = { count: number; hashes: Uint32Array; letters: Uint32Array; lengths: Uint16Array };

// Digits people put in place of letters ("1gn0r3"), read back as letters inside words that also have letters. The
// rules read them the same way (normalize-prompt-text.ts, which uses this table); the scorer's own reading below
// stays because the trained weights are defined by it, and because joining single letters also rejoins words of
// scripts whose combining marks split them (Devanagari): changing it means retraining.
export const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
};
const NON_ASCII = /[^\u0020-\u007E\t\n\r]/;
const WORD = /[\p{L}\p{N}]+/gu;

/** The end of a word's stem: a suffix (-ing, -ed, -es, -s) is dropped from words of more than five letters. */
function stemEnd(text: string, start: number, end: number): number {
  if (end - start <= 5) return end;
  const last = text.charCodeAt(end - 1);
  const second = text.charCodeAt(end - 2);
  if (last === 0x67 && second === 0x6e && text.charCodeAt(end - 3) === 0x69) return end - 3; // -ing
  if (last === 0x64 && second === 0x65) return end - 2; // -ed
  if (last === 0x73) return second === 0x65 ? end - 2 : end - 1; // -es, -s
  return end;
}

const APOSTROPHE = 0x27;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of text[start, end), apostrophes left out ("don't" hashes as "dont"). */
function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code === APOSTROPHE) continue;
    hash = Math.imul(hash ^ code, FNV_PRIME);
  }
  return hash >>> 0;
}

/** One character's share of a letters hash: its code, mixed. */
function letterCode(code: number): number {
  let mixed = Math.imul(code ^ 0x5bd1e995, 0x9e3779b1);
  mixed ^= mixed >>> 15;
  return Math.imul(mixed, 0x85ebca6b);
}

/** A hash of the letters of text[start, end) that ignores their order: a sum of each letter's mixed code. */
function lettersHash(text: string, start: number, end: number): number {
  let sum = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== APOSTROPHE) sum = (sum + letterCode(code)) | 0;
  }
  return sum >>> 0;
}

/** The hash of a word as phrasingWords spells it (for the lexicon). */
export const wordHash = (word: string): number => hashRange(word, 0, stemEnd(word, 0, word.length));

export function hashWords(words: readonly string[]): HashedWords {
  const hashed = allocate(words.length);
  for (const word of words) push(hashed, word, 0, word.length);
  return hashed;
}

function allocate(capacity: number): HashedWords {
  return {
    count: 0,
    hashes: new Uint32Array(capacity),
    letters: new Uint32Array(capacity),
    lengths: new Uint16Array(capacity),
  };
}

function push(into: HashedWords, text: string, start: number, end: number): void {
  const stem = stemEnd(text, start, end);
  const length = wordLength(text, start, stem);
  into.hashes[into.count] = hashRange(text, start, stem);
  // Only words of five letters or more have a letters feature.
  into.letters[into.count] = length >= 5 ? lettersHash(text, start, stem) : 0;
  into.lengths[into.count] = Math.min(length, 0xffff);
  into.count += 1;
}

/**
 * The words of lower-case ASCII text, hashed in one pass over its characters: letters and digits make words, an
 * apostrophe inside a word is part of it (and left out of its hashes). Only the rare words that need respelling
 * (leetspeak "1gn0r3", single letters in a row "i g n o r e") become strings. Undefined for text with capitals,
 * which the general path lower-cases. Gives exactly the words phrasingWords gives (phrasing-features.spec.ts).
 */
export function hashAsciiWords(text: string): HashedWords | undefined {
  const hashed = allocate(Math.ceil(text.length / 2) + 1);
  let start = -1;
  let digits = false;
  let letters = false;
  let singles = '';
  // The word's hashes as it is read, and their states before each of its last three letters, so the stem's (the
  // word less a suffix of up to three letters) is at hand when the word ends: one pass, no second loop per word.
  let hash = FNV_OFFSET;
  let before1 = 0;
  let before2 = 0;
  let before3 = 0;
  let letterSum = 0;
  let last1 = 0;
  let last2 = 0;
  let last3 = 0;
  let length = 0;
  const flushSingles = () => {
    for (const word of joinedSingles(singles)) push(hashed, word, 0, word.length);
    singles = '';
  };
  for (let index = 0; index <= text.length; index += 1) {
    const code = index < text.length ? text.charCodeAt(index) : 0x20;
    if (code >= 0x41 && code <= 0x5a) return undefined;
    const isLetter = code >= 0x61 && code <= 0x7a;
    const isDigit = code >= 0x30 && code <= 0x39;
    if (isLetter || isDigit || (code === APOSTROPHE && start >= 0)) {
      if (start < 0) {
        start = index;
        hash = FNV_OFFSET;
        letterSum = 0;
        length = 0;
      }
      letters ||= isLetter;
      digits ||= isDigit;
      if (code !== APOSTROPHE) {
        before3 = before2;
        before2 = before1;
        before1 = hash;
        hash = Math.imul(hash ^ code, FNV_PRIME);
        last3 = last2;
        last2 = last1;
        last1 = letterCode(code);
        letterSum = (letterSum + last1) | 0;
        length += 1;
      }
      continue;
    }
    if (start < 0) continue;
    let end = index;
    while (text.charCodeAt(end - 1) === APOSTROPHE) end -= 1; // a closing quote, not part of the word
    if (letters && !digits && length === 1) singles += text[start] ?? '';
    else {
      flushSingles();
      if (digits && letters) {
        const word = text.slice(start, end).replace(/[013457]/g, (digit) => LEET[digit] ?? digit);
        push(hashed, word, 0, word.length);
      } else {
        // The suffix stemEnd drops is letters only, so it is the last `cut` hashed characters.
        const cut = end - stemEnd(text, start, end);
        const stemLength = length - cut;
        const stemHash = cut === 0 ? hash : cut === 1 ? before1 : cut === 2 ? before2 : before3;
        const stemLetters =
          (letterSum - (cut >= 1 ? last1 : 0) - (cut >= 2 ? last2 : 0) - (cut >= 3 ? last3 : 0)) | 0;
        hashed.hashes[hashed.count] = stemHash >>> 0;
        hashed.letters[hashed.count] = stemLength >= 5 ? stemLetters >>> 0 : 0;
        hashed.lengths[hashed.count] = Math.min(stemLength, 0xffff);
        hashed.count += 1;
      }
    }
    start = -1;
    digits = false;
    letters = false;
  }
  flushSingles();
  return hashed;
}

/** The length of text[start, end) without its apostrophes. */
function wordLength(text: string, start: number, end: number): number {
  let length = 0;
  for (let index = start; index < end; index += 1) if (text.charCodeAt(index) !== APOSTROPHE) length += 1;
  return length;
}

/** Single letters in a row, as words: three or more make one word ("i g n o r e"), fewer stay letters. */
function joinedSingles(singles: string): string[] {
  return singles.length >= 3 ? [singles] : [...singles];
}

/**
 * The words of a text, lower case, contractions joined ("don't" → "dont"), leetspeak read as letters, runs of
 * single letters joined ("i g n o r e" → "ignore"), and a light suffix stem ("ignoring" → "ignor").
 */
export function phrasingWords(text: string): string[] {
  const words: string[] = [];
  let singles = '';
  const flushSingles = () => {
    words.push(...joinedSingles(singles));
    singles = '';
  };
  for (const match of text.toLowerCase().replace(/['’]/g, '').matchAll(WORD)) {
    let word = match[0];
    if (word.length === 1 && /\p{L}/u.test(word)) {
      singles += word;
      continue;
    }
    flushSingles();
    if (/\d/.test(word) && /\p{L}/u.test(word))
      word = word.replace(/[013457]/g, (digit) => LEET[digit] ?? digit);
    words.push(word);
  }
  flushSingles();
  return words;
}

/** Two hashes and a salt mixed into one bucket (murmur3's finaliser). */
function bucket(first: number, second: number, salt: number): number {
  let hash = (first ^ Math.imul(second, 0x9e3779b1) ^ salt) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) >>> (32 - FEATURE_BITS);
}

const UNIGRAM = 1;
const PAIR = 2;
const SKIP_PAIR = 3;
const LETTERS = 4;
const WORD_CLASS = 5;
const CLASS_PAIR = 6;
/** How far apart (in words) two class words may be and still make a class pair. */
const CLASS_REACH = 5;

// Word hash → class hash, for the lexicon's words.
const CLASSES: ReadonlyMap<number, number> = new Map(
  [...WORD_CLASS_NAMES].map(([word, name]) => [wordHash(word), hashRange(name, 0, name.length)]),
);

/** Whether the text is printable ASCII (and tabs and line breaks) only. */
export const isPlainAscii = (text: string): boolean => !NON_ASCII.test(text);

/** The words of a text, hashed (the fast ASCII path when it can). */
export function hashPhrasingWords(text: string): HashedWords {
  return (isPlainAscii(text) && hashAsciiWords(text)) || hashWords(phrasingWords(text));
}

export function visitPhrasingFeatures(
  text: string,
  visit: (position: number, bucket: number) => void,
): number {
  return visitHashedFeatures(hashPhrasingWords(text), visit);
}

/**
 * Calls `visit(position, bucket)` for every feature of words already hashed: at each word position, its word, the
 * pair it starts, the pair with the word after next, (for words of 5+ letters) its letters, and, for a word of a
 * class, the class and its pairs with the class words of the next five positions. Returns the number of positions.
 * The scorer sums a window of positions; pairs reaching a word or two past a window's end count in it, which changes
 * nothing that matters and keeps the pass linear.
 */
export function visitHashedFeatures(
  words: HashedWords,
  visit: (position: number, bucket: number) => void,
): number {
  const { count, hashes, letters, lengths } = words;
  const classes = new Uint32Array(count);
  for (let index = 0; index < count; index += 1) classes[index] = CLASSES.get(hashes[index] ?? 0) ?? 0;
  for (let index = 0; index < count; index += 1) {
    const hash = hashes[index] ?? 0;
    visit(index, bucket(hash, 0, UNIGRAM));
    if (index + 1 < count) visit(index, bucket(hash, hashes[index + 1] ?? 0, PAIR));
    if (index + 2 < count) visit(index, bucket(hash, hashes[index + 2] ?? 0, SKIP_PAIR));
    if ((lengths[index] ?? 0) >= 5) visit(index, bucket(letters[index] ?? 0, 0, LETTERS));
    const wordClass = classes[index] ?? 0;
    if (wordClass === 0) continue;
    visit(index, bucket(wordClass, 0, WORD_CLASS));
    for (let other = index + 1; other <= index + CLASS_REACH && other < count; other += 1) {
      const otherClass = classes[other] ?? 0;
      if (otherClass !== 0) visit(index, bucket(wordClass, otherClass, CLASS_PAIR));
    }
  }
  return count;
}
