import { gunzipSync } from 'node:zlib';
import { FEATURE_COUNT, hashPhrasingWords, visitHashedFeatures, type HashedWords } from './phrasing-features';
import { PHRASING_MODEL } from './phrasing-model.weights';

/** Words per window: an attack is a sentence or two, so a long prompt is scored a passage at a time. */
export const WINDOW_WORDS = 48;

const weights = decodeWeights();

function decodeWeights(): Float32Array {
  const int8 = new Int8Array(gunzipSync(Buffer.from(PHRASING_MODEL.weights, 'base64')).buffer.slice(0));
  if (int8.length !== FEATURE_COUNT)
    throw new Error(`phrasing model has ${int8.length} weights, not ${FEATURE_COUNT}`);
  return Float32Array.from(int8, (value) => value * PHRASING_MODEL.scale);
}

/**
 * The highest logit of any window of {@link WINDOW_WORDS} consecutive words (the whole text when shorter): each
 * word position's features are summed once, then a running sum slides over them, so the pass is linear in the text.
 */
export function windowedLogit(words: HashedWords, table: Float32Array, bias: number): number {
  if (words.count === 0) return bias;
  const sums = new Float64Array(words.count);
  const length = visitHashedFeatures(words, (position, bucket) => {
    sums[position] = (sums[position] ?? 0) + (table[bucket] ?? 0);
  });
  let window = 0;
  for (let index = 0; index < Math.min(length, WINDOW_WORDS); index += 1) window += sums[index] ?? 0;
  let best = window;
  for (let index = WINDOW_WORDS; index < length; index += 1) {
    window += (sums[index] ?? 0) - (sums[index - WINDOW_WORDS] ?? 0);
    if (window > best) best = window;
  }
  return best + bias;
}

/**
 * The learned phrasing scorer: the probability (0–1) that the text's most suspicious passage is a prompt injection,
 * from a logistic regression over its words, word pairs, word classes and misspelling-tolerant letter sets, trained on the
 * generated and handwritten sets of bench/guardrails (train-injection-model.mjs). It generalises to wordings the
 * rules do not list ("put your original guidance aside"), at the cost of being a statistical guess.
 */
export function scorePhrasing(text: string): number {
  // `text` is lower case, as score-injection.ts gives it (normalizePromptText).
  return scorePhrasingWords(hashPhrasingWords(text));
}

/** {@link scorePhrasing} of words already hashed. */
export function scorePhrasingWords(words: HashedWords): number {
  return 1 / (1 + Math.exp(-windowedLogit(words, weights, PHRASING_MODEL.bias)));
}
