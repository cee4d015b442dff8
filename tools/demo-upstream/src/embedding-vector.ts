// Deterministic embeddings: a unit vector drawn from a PRNG seeded by a hash of (dims, text).
// Same text and size, same vector; different texts are near-orthogonal, like real embeddings.
import { createHash } from 'node:crypto';
import { createRng } from './failures.js';

export function embeddingVector(text: string, dims: number): Float32Array {
  const seed = createHash('sha256').update(`${dims}\u0000${text}`).digest().readUInt32LE(0);
  const rng = createRng(seed);
  const raw = new Float64Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const x = rng() * 2 - 1;
    raw[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = (raw[i] ?? 0) / norm;
  return out;
}

/** The wire format of `encoding_format: "base64"`: little-endian float32s, base64-encoded. */
export function toBase64(vector: Float32Array): string {
  const buf = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => buf.writeFloatLE(x, i * 4));
  return buf.toString('base64');
}
