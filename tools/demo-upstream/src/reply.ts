// The deterministic reply. It opens with a digest of the last user message ("You said: ...") and
// continues with canned sentences whose order depends on a hash of the whole prompt, so the same
// prompt always gets the same answer and different prompts are told apart (caching tests).
//
// Invariant: the reply is a list of pieces, each exactly one o200k token, and the tokenizer agrees
// on every prefix: countTextTokens(first n pieces joined) === n. So "one streamed delta = one
// completion token" holds for any max_tokens, and reply.spec.ts checks it with gpt-tokenizer.
import { createHash } from 'node:crypto';
import { countTextTokens, tokenPieces } from './tokenizer.js';

// Every word here (with its leading space) and every punctuation mark is a single o200k token.
const SENTENCES = [
  'Here is a short answer from the demo model.',
  'It runs on your own machine, so no provider key is needed.',
  'Every word you read here is one token, which keeps usage easy to check.',
  'The reply is the same each time you send the same prompt.',
  'You can change its length, pace and failures with a few flags.',
  'This text is made up, but the usage numbers are real.',
  'Ask again with other words to get a different reply.',
  'The gateway sees the same stream a real model would send.',
] as const;

const DIGEST_OPENING = ['You', ' said', ':'] as const;
const DIGEST_MAX_WORDS = 10;
const DIGEST_MAX_TOKENS = 20;

/** " word" / "," / "." pieces of a sentence, each with the space that precedes it. */
function sentencePieces(sentence: string): string[] {
  return sentence.match(/ ?[A-Za-z']+|[.,]/g) ?? [];
}

const SENTENCE_PIECES: readonly (readonly string[])[] = SENTENCES.map((s) => sentencePieces(` ${s}`));

/**
 * The pieces of " word" if every prefix of them tokenizes to exactly that many tokens, else null.
 * Words are ASCII letters/digits separated by single spaces, so o200k's pre-tokenizer never joins
 * them with their neighbours and the per-word check covers the whole reply.
 */
function wordPieces(word: string): string[] | null {
  const pieces = tokenPieces(` ${word}`);
  for (let j = 1; j < pieces.length; j++) {
    if (countTextTokens(pieces.slice(0, j).join('')) !== j) return null;
  }
  return pieces;
}

/** "You said: <first words of the user's message>." as pieces, or [] when there is nothing to echo. */
export function digestPieces(userText: string): string[] {
  const words = userText.match(/[A-Za-z0-9]+(?:'[A-Za-z]+)?/g) ?? [];
  const pieces: string[] = [];
  let used = 0;
  for (const word of words) {
    if (used === DIGEST_MAX_WORDS) break;
    const wp = wordPieces(word);
    if (wp === null) continue;
    if (pieces.length + wp.length > DIGEST_MAX_TOKENS) break;
    pieces.push(...wp);
    used += 1;
  }
  return pieces.length === 0 ? [] : [...DIGEST_OPENING, ...pieces, '.'];
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

export type ReplySeed = {
  /** Text of the last user message: echoed at the start. */
  userText: string;
  /** Everything that identifies the prompt (e.g. all message text): picks the sentence order. */
  promptKey: string;
};

/** The first n pieces of the reply for this prompt. */
export function replyPieces(seed: ReplySeed, n: number): string[] {
  const pieces = digestPieces(seed.userText).slice(0, n);
  let sentence = hash32(seed.promptKey) % SENTENCE_PIECES.length;
  while (pieces.length < n) {
    const next = SENTENCE_PIECES[sentence % SENTENCE_PIECES.length] ?? [];
    for (const piece of next) {
      if (pieces.length === n) break;
      // The very first piece of a reply has no leading space.
      pieces.push(pieces.length === 0 ? piece.trimStart() : piece);
    }
    sentence += 1;
  }
  return pieces;
}

export function replyText(seed: ReplySeed, n: number): string {
  return replyPieces(seed, n).join('');
}
