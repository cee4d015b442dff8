import { describe, expect, it } from 'vitest';
import { computeEffectivePolicy, type PolicyDocument } from '@llmguard/shared';
import {
  formatChangeValue,
  formatPolicyValue,
  formatUsdMicros,
  humanize,
  rateLimitRows,
  sectionRows,
} from './policy-display';

const tier: PolicyDocument = {
  rateLimits: {
    tenant: { requestsPerMinute: 600, tokensPerMinute: 100_000 },
    perKey: { requestsPerMinute: 60 },
  },
  budgets: { monthlyCapMicros: '500000000', action: 'alert' },
};
const tenant: PolicyDocument = {
  rateLimits: { tenant: { tokensPerMinute: 2_000 }, perModel: { 'gpt-4o': { concurrentRequests: 4 } } },
  cache: { exact: { enabled: true, ttlSeconds: 3600 } },
};
const effective = computeEffectivePolicy(tier, tenant);

describe('rateLimitRows', () => {
  it('lays limits out by scope, marking the workspace overrides against the tier defaults', () => {
    const rows = rateLimitRows(effective, tenant);
    expect(rows.map((row) => row.label)).toEqual(['Whole workspace', 'Each API key', 'Model gpt-4o']);
    const [workspace, perKey, model] = rows;
    expect(workspace?.cells.slice(0, 2)).toEqual([
      { value: '600', source: 'tier' },
      { value: '2,000', source: 'override' },
    ]);
    expect(perKey?.cells[0]).toEqual({ value: '60', source: 'tier' });
    expect(model?.cells[4]).toEqual({ value: '4', source: 'override' });
    expect(model?.cells[0]).toBeNull();
  });

  it('has no rows without limits', () => {
    expect(rateLimitRows({}, {})).toEqual([]);
  });
});

describe('sectionRows', () => {
  it('lists the leaves of a section with readable labels, values and sources', () => {
    expect(sectionRows('budgets', effective, tenant)).toEqual([
      { path: 'budgets.monthlyCapMicros', label: 'Monthly cap micros', value: '$500.00', source: 'tier' },
      { path: 'budgets.action', label: 'Action', value: 'alert', source: 'tier' },
    ]);
    expect(sectionRows('cache', effective, tenant).map((row) => [row.label, row.value, row.source])).toEqual([
      ['Exact · Enabled', 'On', 'override'],
      ['Exact · TTL', '3,600 s', 'override'],
    ]);
    expect(sectionRows('routing', effective, tenant)).toEqual([]);
  });
});

describe('formatting', () => {
  it('formats micros exactly, beyond 2^53', () => {
    expect(formatUsdMicros('0')).toBe('$0.00');
    expect(formatUsdMicros('1500000')).toBe('$1.50');
    expect(formatUsdMicros('1234')).toBe('$0.001234');
    expect(formatUsdMicros('1000000000000000000')).toBe('$1,000,000,000,000.00');
  });

  it('formats by unit: percentages, booleans, lists', () => {
    expect(formatPolicyValue('alertThresholdsPercent', [50, 80])).toBe('50%, 80%');
    expect(formatPolicyValue('enabled', false)).toBe('Off');
    expect(formatPolicyValue('allowedRegions', [])).toBe('none');
    expect(
      formatPolicyValue('rules', [
        { name: 'long', when: { minPromptTokens: 8000 }, then: { requireTags: ['gpu'] } },
        { name: 'rest', then: { preferTags: ['local'] } },
      ]),
    ).toBe(
      '{"name":"long","when":{"minPromptTokens":8000},"then":{"requireTags":["gpu"]}}; {"name":"rest","then":{"preferTags":["local"]}}',
    );
    expect(humanize('tokensPerMinute')).toBe('Tokens per minute');
    expect(humanize('pii')).toBe('PII');
  });

  it('shows diff values with "not set" for absent fields', () => {
    expect(formatChangeValue('rateLimits.tenant.tokensPerMinute', null)).toBe('not set');
    expect(formatChangeValue('rateLimits.tenant.tokensPerMinute', 2000)).toBe('2,000');
    expect(formatChangeValue('budgets.dailyCapMicros', '2500000')).toBe('$2.50');
    expect(formatChangeValue('rateLimits.perModel["gpt-4o"]', { a: 1 })).toBe('{"a":1}');
  });
});
