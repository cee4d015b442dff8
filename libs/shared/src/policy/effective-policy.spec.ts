import { describe, expect, it } from 'vitest';
import { computeEffectivePolicy } from './effective-policy';
import { policyDocumentSchema, type PolicyDocument } from './policy-document.schema';

const tier: PolicyDocument = policyDocumentSchema.parse({
  rateLimits: {
    tenant: { requestsPerMinute: 600, tokensPerMinute: 100_000 },
    perKey: { requestsPerMinute: 60 },
  },
  budgets: { monthlyCapMicros: '500000000', action: 'alert', alertThresholdsPercent: [50, 80] },
  routing: { allowedProviders: ['openai', 'anthropic'], fallbacks: { enabled: true } },
  cache: { exact: { enabled: true, ttlSeconds: 300 } },
});

describe('computeEffectivePolicy', () => {
  it('is the tier defaults when the tenant has no version', () => {
    expect(computeEffectivePolicy(tier, null)).toEqual(tier);
  });

  it('overlays the tenant field by field at every depth; absent fields inherit', () => {
    const tenant = policyDocumentSchema.parse({
      rateLimits: { tenant: { requestsPerMinute: 1_200 } },
      budgets: { dailyCapMicros: 25_000_000, action: 'block' },
      guardrails: { pii: { inputAction: 'redact' } },
    });
    expect(computeEffectivePolicy(tier, tenant)).toEqual({
      rateLimits: {
        tenant: { requestsPerMinute: 1_200, tokensPerMinute: 100_000 },
        perKey: { requestsPerMinute: 60 },
      },
      budgets: {
        dailyCapMicros: '25000000',
        monthlyCapMicros: '500000000',
        action: 'block',
        alertThresholdsPercent: [50, 80],
      },
      guardrails: { pii: { inputAction: 'redact' } },
      routing: { allowedProviders: ['openai', 'anthropic'], fallbacks: { enabled: true } },
      cache: { exact: { enabled: true, ttlSeconds: 300 } },
    });
  });

  it('replaces arrays instead of concatenating them', () => {
    const tenant = policyDocumentSchema.parse({
      routing: { allowedProviders: ['gemini'] },
      budgets: { alertThresholdsPercent: [90] },
    });
    const effective = computeEffectivePolicy(tier, tenant);
    expect(effective.routing?.allowedProviders).toEqual(['gemini']);
    expect(effective.budgets?.alertThresholdsPercent).toEqual([90]);
  });

  it('merges per-model limits model by model', () => {
    const withModels = policyDocumentSchema.parse({
      rateLimits: { perModel: { 'gpt-4.1': { requestsPerMinute: 10, tokensPerDay: 1_000 } } },
    });
    const tenant = policyDocumentSchema.parse({
      rateLimits: {
        perModel: { 'gpt-4.1': { requestsPerMinute: 20 }, 'claude-3': { requestsPerMinute: 5 } },
      },
    });
    expect(computeEffectivePolicy(withModels, tenant).rateLimits?.perModel).toEqual({
      'gpt-4.1': { requestsPerMinute: 20, tokensPerDay: 1_000 },
      'claude-3': { requestsPerMinute: 5 },
    });
  });

  it('leaves its inputs untouched and shares no object with them', () => {
    const tenant = policyDocumentSchema.parse({ routing: { requiredTags: ['eu'] } });
    const tierCopy = structuredClone(tier);
    const tenantCopy = structuredClone(tenant);
    const effective = computeEffectivePolicy(tier, tenant);
    effective.routing?.allowedProviders?.push('gemini');
    effective.routing?.requiredTags?.push('gpu');
    expect(tier).toEqual(tierCopy);
    expect(tenant).toEqual(tenantCopy);
  });
});
