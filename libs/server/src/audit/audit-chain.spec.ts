import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, type ChainedFields } from './audit-chain';

const entry: ChainedFields = {
  id: 'aud_1',
  tenantId: 'tnt_1',
  sequence: 1n,
  actorType: 'user',
  actorId: 'usr_1',
  action: 'api_key.created',
  targetType: 'api_key',
  targetId: 'key_1',
  ip: '127.0.0.1',
  userAgent: 'test',
  before: null,
  after: { name: 'ci', scopes: ['inference'] },
  occurredAt: new Date('2030-01-01T00:00:00.000Z'),
};

describe('audit chain hashing', () => {
  it('serialises objects the same whatever their key order, as jsonb may reorder keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });

  it('links each hash to the previous one, so editing an earlier entry breaks every later link', () => {
    const first = chainHash(null, entry);
    const second = chainHash(first, { ...entry, id: 'aud_2', sequence: 2n });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash('0'.repeat(64), { ...entry, id: 'aud_2', sequence: 2n })).not.toBe(second);
  });

  it('changes with any covered field', () => {
    const original = chainHash(null, entry);
    expect(chainHash(null, { ...entry, after: { name: 'cj', scopes: ['inference'] } })).not.toBe(original);
    expect(chainHash(null, { ...entry, ip: '127.0.0.2' })).not.toBe(original);
    expect(chainHash(null, { ...entry, occurredAt: new Date('2030-01-01T00:00:00.001Z') })).not.toBe(
      original,
    );
  });
});
