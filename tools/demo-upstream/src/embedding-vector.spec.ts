import { describe, expect, it } from 'vitest';
import { embeddingVector, toBase64 } from './embedding-vector.js';

const norm = (v: ArrayLike<number>): number => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe('embeddingVector', () => {
  it('is a deterministic unit vector of the requested size', () => {
    const v = embeddingVector('hello', 64);
    expect(v).toHaveLength(64);
    expect(norm(v)).toBeCloseTo(1, 5);
    expect(Array.from(embeddingVector('hello', 64))).toEqual(Array.from(v));
    expect(Array.from(embeddingVector('hello!', 64))).not.toEqual(Array.from(v));
  });

  it('encodes base64 as little-endian float32', () => {
    const v = embeddingVector('x', 8);
    const buf = Buffer.from(toBase64(v), 'base64');
    const back = Array.from({ length: 8 }, (_, i) => buf.readFloatLE(i * 4));
    expect(back).toEqual(Array.from(v));
  });
});
