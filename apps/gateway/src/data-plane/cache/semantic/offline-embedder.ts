import { textTokenIds } from '@llmguard/shared';
import { fnv1a, promptWords, stem, STOPWORDS } from './prompt-words';

/** The size of semantic_cache_entries.embedding (vector(256)); embeddings of other sizes are cut to it. */
export const EMBEDDING_DIMENSIONS = 256;

// Feature weights. Content words carry the meaning; word pairs keep some order ("dog bites man"); subword tokens and
// character trigrams let inflections and typos still overlap; function words barely count.
const CONTENT_WORD = 1;
const FUNCTION_WORD = 0.15;
const WORD_PAIR = 0.6;
const SUBWORD_TOKEN = 0.25;
const CHARACTER_TRIGRAM = 0.2;

/**
 * The gateway's built-in embedder, needing no model and no network: the hashing trick (Weinberger et al., 2009)
 * over stemmed words, word pairs, o200k tokens and character trigrams of each content word, each hashed to one of
 * 256 dimensions with a hashed sign, then L2-normalised, so cosine similarity is a weighted overlap of features.
 * It finds rewordings that share their content words ("How do I reset my password?" / "how to reset password"), not
 * synonyms: a real embedding model does that (cache.semantic.embeddingModel); bench/semantic-quality.mjs measures both.
 */
export function embedOffline(text: string): Float32Array {
  const vector = new Float32Array(EMBEDDING_DIMENSIONS);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    const index = hash % EMBEDDING_DIMENSIONS;
    vector[index] = (vector[index] ?? 0) + (hash & 0x80000000 ? -weight : weight);
  };
  const words = promptWords(text).map(stem);
  let previous: string | undefined;
  for (const word of words) {
    const content = !STOPWORDS.has(word);
    add(`w:${word}`, content ? CONTENT_WORD : FUNCTION_WORD);
    if (content) {
      const padded = `^${word}$`;
      for (let index = 0; index + 3 <= padded.length; index += 1) {
        add(`c:${padded.slice(index, index + 3)}`, CHARACTER_TRIGRAM);
      }
      if (previous !== undefined) add(`p:${previous} ${word}`, WORD_PAIR);
      previous = word;
    }
  }
  for (const token of textTokenIds(words.join(' '))) add(`t:${token}`, SUBWORD_TOKEN);
  return normalised(vector);
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function normalised(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  for (let index = 0; index < vector.length; index += 1) vector[index] = (vector[index] ?? 0) / norm;
  return vector;
}

/** Cosine similarity of two L2-normalised vectors. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let index = 0; index < a.length; index += 1) dot += (a[index] ?? 0) * (b[index] ?? 0);
  return dot;
}
