import { describe, expect, it } from 'vitest';
import { cosineSimilarity, EMBEDDING_DIMENSIONS, embedOffline } from './offline-embedder';
import { promptWords, stem } from './prompt-words';

const similarity = (a: string, b: string) => cosineSimilarity(embedOffline(a), embedOffline(b));

describe('embedOffline', () => {
  it('makes unit vectors of the table size, the same for the same text', () => {
    const vector = embedOffline('How do I reset my password?');
    expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(cosineSimilarity(vector, vector)).toBeCloseTo(1, 5);
    expect(Array.from(embedOffline('How do I reset my password?'))).toEqual(Array.from(vector));
  });

  it('puts rewordings that share their content words closer than unrelated questions', () => {
    const reworded = similarity('How do I reset my password?', 'how can i reset my password');
    const unrelated = similarity('How do I reset my password?', 'What is the boiling point of water?');
    expect(reworded).toBeGreaterThan(0.85);
    expect(unrelated).toBeLessThan(0.3);
  });
});

describe('promptWords and stem', () => {
  it('lower-cases, joins contractions, keeps decimals and strips common suffixes', () => {
    expect(promptWords("Don't round 3.5, OK?")).toEqual(['dont', 'round', '3.5', 'ok']);
    expect(['resetting', 'resets', 'cities', 'tests', 'bus'].map(stem)).toEqual([
      'reset',
      'reset',
      'city',
      'test',
      'bus',
    ]);
  });
});
