import { describe, expect, it } from 'vitest';
import { toRecentAction } from './guardrail-recent-action';
import type { RecentEntryRow } from './guardrail-activity.repository';

const entry = (overrides: Partial<RecentEntryRow>): RecentEntryRow => ({
  id: 'aud_1',
  occurredAt: new Date('2026-03-02T10:00:00Z'),
  action: 'guardrail.masked',
  targetId: 'req_1',
  actorId: 'key_1',
  after: null,
  ...overrides,
});

describe('toRecentAction', () => {
  it('lists the kinds found and sums term hits from the worker’s entry', () => {
    const action = toRecentAction(
      entry({
        after: {
          model: 'demo-chat',
          status: 200,
          piiFound: { phone_number: 1, email: 2 },
          outputPiiFound: { iban: 1 },
          injectionFlagged: false,
          blockedBy: null,
          termHits: 1,
          outputTermHits: 2,
          categoriesFlagged: ['violence'],
        },
      }),
      new Map([['key_1', 'support bot']]),
    );
    expect(action).toEqual({
      id: 'aud_1',
      occurredAt: '2026-03-02T10:00:00.000Z',
      action: 'masked',
      requestId: 'req_1',
      apiKeyId: 'key_1',
      apiKeyName: 'support bot',
      model: 'demo-chat',
      status: 200,
      blockedBy: null,
      inputPiiKinds: ['email', 'phone_number'],
      outputPiiKinds: ['iban'],
      injectionFlagged: false,
      termHits: 3,
      categories: ['violence'],
    });
  });

  // An entry the page cannot read in full still shows, as "nothing found", rather than failing the page.
  it('reads a missing or malformed `after` as nothing found', () => {
    const action = toRecentAction(
      entry({ after: { piiFound: 'email', termHits: -1, blockedBy: 'nonsense' } }),
      new Map(),
    );
    expect(action).toMatchObject({
      apiKeyName: null,
      model: null,
      status: null,
      blockedBy: null,
      inputPiiKinds: [],
      outputPiiKinds: [],
      termHits: 0,
      categories: [],
    });
    expect(toRecentAction(entry({ after: ['not', 'an', 'object'] }), new Map())?.inputPiiKinds).toEqual([]);
  });

  it('skips entries that are not a guardrail action', () => {
    expect(toRecentAction(entry({ action: 'api_key.created' }), new Map())).toBeUndefined();
    expect(toRecentAction(entry({ action: 'guardrail.exploded' }), new Map())).toBeUndefined();
  });
});
