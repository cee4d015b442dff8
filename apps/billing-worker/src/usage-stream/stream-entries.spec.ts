import { describe, expect, it } from 'vitest';
import { compareStreamIds, decodeEntries, streamIdTimeMs, type StreamEntry } from './stream-entries';

const event = (overrides: Record<string, unknown> = {}) => ({
  v: 1,
  requestId: 'req_1',
  tenantId: 'tnt_1',
  apiKeyId: 'key_1',
  endUser: null,
  model: 'm',
  deploymentId: null,
  provider: null,
  inputTokens: 1,
  outputTokens: 1,
  cachedInputTokens: 0,
  tokenSource: 'upstream',
  costMicros: 1,
  latencyMs: 1,
  ttftMs: null,
  status: 200,
  outcome: 'success',
  cacheHit: 'none',
  stream: false,
  occurredAt: '2026-06-01T00:00:00.000Z',
  ...overrides,
});
const entry = (id: string, body: unknown): StreamEntry => [id, ['event', JSON.stringify(body)]];

describe('decodeEntries', () => {
  const notBefore = new Date('2026-05-01T00:00:00Z');

  it('accepts valid events and rejects malformed ones, too-large counts and expired ones with a reason', () => {
    const decoded = decodeEntries(
      [
        entry('1-0', event()),
        ['2-0', ['event', '{not json']],
        ['3-0', ['other', 'x']],
        entry('4-0', event({ outputTokens: 2 ** 31 })),
        entry('5-0', event({ occurredAt: '2026-04-30T23:59:59.999Z' })),
      ],
      notBefore,
    );
    expect(decoded.events.map((e) => e.requestId)).toEqual(['req_1']);
    expect(decoded.rejected.map(({ entry: [id], reason }) => [id, reason])).toEqual([
      ['2-0', 'invalid'],
      ['3-0', 'invalid'],
      ['4-0', 'invalid'],
      ['5-0', 'older_than_retention'],
    ]);
  });
});

describe('stream ids', () => {
  it('orders ids numerically by time, then sequence', () => {
    expect(compareStreamIds('9-0', '10-0')).toBe(-1);
    expect(compareStreamIds('10-2', '10-10')).toBe(-1);
    expect(compareStreamIds('10-1', '10-1')).toBe(0);
    expect(compareStreamIds('1795634616132-0', '999-5')).toBe(1);
  });

  it('reads the append time from an id', () => {
    expect(streamIdTimeMs('1795634616132-7')).toBe(1795634616132);
  });
});
