import { describe, expect, it } from 'vitest';
import { apportion } from './embedding-batcher';
import { fromBase64, readEmbeddingsRequest, toBase64 } from './embeddings-request';

describe('apportion', () => {
  it('splits a total in proportion, the parts adding up to it exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [2, 5])).toEqual([2, 5]);
    expect(apportion(100, [3, 3, 4]).reduce((sum, part) => sum + part, 0)).toBe(100);
    expect(apportion(5, [0, 0])).toEqual([5, 0]);
  });
});

describe('readEmbeddingsRequest', () => {
  it('reads text inputs, dimensions and the encoding', () => {
    expect(readEmbeddingsRequest({ model: 'e', input: 'one' })).toEqual({
      inputs: ['one'],
      dimensions: undefined,
      encodingFormat: 'float',
    });
    expect(
      readEmbeddingsRequest({ model: 'e', input: ['a', 'b'], dimensions: 64, encoding_format: 'base64' }),
    ).toMatchObject({ inputs: ['a', 'b'], dimensions: 64, encodingFormat: 'base64' });
  });

  it('leaves the upstream to answer anything else', () => {
    expect(readEmbeddingsRequest({ model: 'e', input: [1, 2, 3] })).toBeUndefined();
    expect(readEmbeddingsRequest({ model: 'e', input: ['a', ''] })).toBeUndefined();
    expect(readEmbeddingsRequest({ model: 'e', input: 'a', dimensions: 0 })).toBeUndefined();
    expect(readEmbeddingsRequest({ model: 'e', input: 'a', something_new: true })).toBeUndefined();
  });
});

describe('base64 vectors', () => {
  it('round-trip float32 values', () => {
    const vector = Float32Array.from([0.5, -1.25, 3]);
    expect(Array.from(fromBase64(toBase64(vector)))).toEqual([0.5, -1.25, 3]);
  });
});
