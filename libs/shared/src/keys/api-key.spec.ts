import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';

describe('api keys', () => {
  it('keeps only the prefix, the SHA-256 hash and the last four characters', () => {
    const key = generateApiKey('lg_live_');
    expect(key.secret.startsWith('lg_live_')).toBe(true);
    expect(key.hash).toBe(createHash('sha256').update(key.secret).digest('hex'));
    expect(key.lastFour).toBe(key.secret.slice(-4));
    expect(looksLikeApiKey(key.secret)).toBe(true);
  });

  it('never issues the same secret twice', () => {
    const hashes = new Set(Array.from({ length: 1000 }, () => generateApiKey().hash));
    expect(hashes.size).toBe(1000);
  });

  it('rejects strings that cannot be keys before any lookup', () => {
    expect(looksLikeApiKey('sk-123')).toBe(false);
    expect(looksLikeApiKey(`lg_live_${'a'.repeat(39)}`)).toBe(false);
    expect(hashApiKey('x')).toHaveLength(64);
  });
});
