import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from './policy-document.schema';
import { diffPolicies } from './policy-diff';

const parse = (document: unknown) => policyDocumentSchema.parse(document);

describe('diffPolicies', () => {
  it('is empty for equivalent documents (an empty section equals an absent one)', () => {
    const document = parse({ routing: { allowedProviders: ['openai'] }, budgets: { action: 'block' } });
    expect(diffPolicies(document, structuredClone(document))).toEqual([]);
    expect(diffPolicies({}, parse({ cache: {}, routing: { fallbacks: {} } }))).toEqual([]);
  });

  it('lists changed, added and removed leaves, sorted by path, with null for absent', () => {
    const before = parse({
      rateLimits: { tenant: { requestsPerMinute: 100, tokensPerDay: 5_000 } },
      budgets: { action: 'alert' },
    });
    const after = parse({
      rateLimits: { tenant: { requestsPerMinute: 200 } },
      budgets: { action: 'alert', dailyCapMicros: 1_000_000 },
      cache: { semantic: { enabled: true } },
    });
    expect(diffPolicies(before, after)).toEqual([
      { path: 'budgets.dailyCapMicros', before: null, after: '1000000' },
      { path: 'cache.semantic.enabled', before: null, after: true },
      { path: 'rateLimits.tenant.requestsPerMinute', before: 100, after: 200 },
      { path: 'rateLimits.tenant.tokensPerDay', before: 5_000, after: null },
    ]);
  });

  it('compares arrays as whole values', () => {
    const before = parse({ routing: { allowedProviders: ['openai', 'anthropic'] } });
    const after = parse({ routing: { allowedProviders: ['openai'] } });
    expect(diffPolicies(before, after)).toEqual([
      { path: 'routing.allowedProviders', before: ['openai', 'anthropic'], after: ['openai'] },
    ]);
  });

  it('quotes keys that are not identifiers, so model names with dots stay one segment', () => {
    const after = parse({ rateLimits: { perModel: { 'gpt-4.1': { requestsPerMinute: 3 } } } });
    expect(diffPolicies({}, after)).toEqual([
      { path: 'rateLimits.perModel["gpt-4.1"].requestsPerMinute', before: null, after: 3 },
    ]);
  });
});
