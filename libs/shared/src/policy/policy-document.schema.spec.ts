import { describe, expect, it } from 'vitest';
import { toErrorDetails } from '../contracts/validation-details';
import { ROUTING_RULES_MAX, policyDocumentSchema } from './policy-document.schema';

function fieldsAtFault(document: unknown): string[] {
  const result = policyDocumentSchema.safeParse(document, { reportInput: true });
  return result.success ? [] : toErrorDetails(result.error, 'body').map((detail) => detail.location);
}

describe('policyDocumentSchema', () => {
  it('accepts an empty document: every section and field is optional', () => {
    expect(policyDocumentSchema.parse({})).toEqual({});
    expect(policyDocumentSchema.parse({ cache: {}, guardrails: { pii: {} } })).toEqual({
      cache: {},
      guardrails: { pii: {} },
    });
  });

  it('accepts a full document', () => {
    const document = {
      rateLimits: {
        tenant: { requestsPerMinute: 600, tokensPerMinute: 200_000, requestsPerDay: 100_000 },
        perKey: { concurrentRequests: 10 },
        perEndUser: { requestsPerMinute: 20 },
        perModel: { 'gpt-4o': { tokensPerDay: 1_000_000 } },
      },
      budgets: { dailyCapMicros: '1000000', monthlyCapMicros: 20_000_000, action: 'block' },
      guardrails: {
        pii: { inputAction: 'redact', outputAction: 'detect', entityTypes: ['email', 'credit_card'] },
        promptInjection: { action: 'block', threshold: 0.8 },
        contentFilter: { blockedCategories: ['hate', 'violence'] },
      },
      cache: {
        exact: { enabled: true, ttlSeconds: 600 },
        semantic: { enabled: true, ttlSeconds: 3_600, similarityThreshold: 0.95 },
        storePromptText: false,
      },
      routing: {
        allowedProviders: ['openai', 'azure_openai'],
        allowedRegions: ['eu-west-1'],
        requiredTags: ['prod'],
        fallbacks: { enabled: true },
      },
      dataResidency: { allowedRegions: ['eu-west-1', 'eu-central-1'] },
    };
    expect(policyDocumentSchema.safeParse(document).success).toBe(true);
  });

  it('stores micros as decimal strings, whether sent as strings or safe integers', () => {
    const parsed = policyDocumentSchema.parse({
      budgets: { dailyCapMicros: 5_000_000, monthlyCapMicros: '900000000000000000' },
    });
    expect(parsed.budgets).toEqual({ dailyCapMicros: '5000000', monthlyCapMicros: '900000000000000000' });
  });

  it('sorts and de-duplicates lists, so equal policies compare equal', () => {
    const parsed = policyDocumentSchema.parse({
      budgets: { alertThresholdsPercent: [80, 50, 80] },
      routing: { allowedProviders: ['openai', 'openai'] },
    });
    expect(parsed.budgets?.alertThresholdsPercent).toEqual([50, 80]);
    expect(parsed.routing?.allowedProviders).toEqual(['openai']);
  });

  it('names unknown fields, at any depth', () => {
    expect(fieldsAtFault({ routing: { allowedProvider: ['openai'] }, extra: true })).toEqual([
      'body.routing.allowedProvider',
      'body.extra',
    ]);
  });

  it('refuses values out of bounds, naming each field', () => {
    expect(
      fieldsAtFault({
        rateLimits: { tenant: { requestsPerMinute: 0 }, perModel: { 'bad alias': { requestsPerMinute: 1 } } },
        budgets: { dailyCapMicros: -1, monthlyCapMicros: '1.5', action: 'warn' },
        guardrails: { promptInjection: { threshold: 2 } },
        cache: { semantic: { similarityThreshold: 0.2 }, exact: { ttlSeconds: 31 * 24 * 3600 } },
        routing: { allowedProviders: [] },
      }),
    ).toEqual(
      expect.arrayContaining([
        'body.rateLimits.tenant.requestsPerMinute',
        'body.rateLimits.perModel.bad alias',
        'body.budgets.dailyCapMicros',
        'body.budgets.monthlyCapMicros',
        'body.budgets.action',
        'body.guardrails.promptInjection.threshold',
        'body.cache.semantic.similarityThreshold',
        'body.cache.exact.ttlSeconds',
        'body.routing.allowedProviders',
      ]),
    );
  });

  it('accepts the cache section: eligibility, hit price, opt-in, semantic embedding model and check, embeddings', () => {
    const cache = {
      exact: { enabled: true, ttlSeconds: 60 },
      semantic: {
        enabled: true,
        similarityThreshold: 0.85,
        embeddingModel: 'embed-small',
        verifyMatch: false,
      },
      embeddings: { enabled: true, ttlSeconds: 86_400 },
      eligibility: { maxTemperature: 0.7, allowTools: true },
      hitPricePercent: 25,
      requestOptIn: false,
      storePromptText: false,
    };
    expect(policyDocumentSchema.parse({ cache })).toEqual({ cache });
    expect(
      fieldsAtFault({
        cache: {
          hitPricePercent: 101,
          eligibility: { maxTemperature: 3 },
          semantic: { embeddingModel: 'two words' },
          embeddings: { ttl: 5 },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        'body.cache.hitPricePercent',
        'body.cache.eligibility.maxTemperature',
        'body.cache.semantic.embeddingModel',
        'body.cache.embeddings.ttl',
      ]),
    );
  });

  it('accepts routing rules, data sensitivity, overflow and degradation', () => {
    const routing = {
      rules: [
        {
          name: 'long-prompts',
          when: { minPromptTokens: 8_000, hasTools: false, metadata: { tier: 'batch' } },
          then: { requireTags: ['gpu'], preferTags: ['local'] },
        },
        { name: 'pii-on-prem', when: { sensitive: true }, then: { excludeTags: ['cloud'] } },
        { name: 'everything-else', then: { preferTags: ['cheap'] } },
      ],
      sensitiveData: { localOnly: false, piiLocalOnly: true },
      overflow: { prefer: 'local', spillTo: 'cloud' },
      degradation: { serveCached: true, fallbackModel: 'gpt-4o-mini' },
    };
    expect(policyDocumentSchema.parse({ routing }).routing).toEqual(routing);
  });

  it('names the field at fault in a routing rule', () => {
    expect(
      fieldsAtFault({
        routing: {
          rules: [
            { name: 'no action', then: {} },
            {
              name: 'bounds',
              when: { minPromptTokens: 10, maxPromptTokens: 5 },
              then: { requireTags: ['a'] },
            },
            { name: 'both', then: { requireTags: ['a'], excludeTags: ['a'] } },
            { name: 'bounds', when: { hasTool: true }, then: { excludeTags: ['bad tag'] } },
          ],
          overflow: { prefer: '' },
          degradation: { fallbackModel: 'two words' },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        'body.routing.rules.0.name',
        'body.routing.rules.0.then',
        'body.routing.rules.1.when.maxPromptTokens',
        'body.routing.rules.2.then.excludeTags',
        'body.routing.rules.3.when.hasTool',
        'body.routing.rules.3.then.excludeTags.0',
        'body.routing.overflow.prefer',
        'body.routing.degradation.fallbackModel',
      ]),
    );
  });

  it('refuses two routing rules of one name, and more than the most rules', () => {
    const rule = (name: string) => ({ name, then: { requireTags: ['gpu'] } });
    expect(fieldsAtFault({ routing: { rules: [rule('a'), rule('b'), rule('a')] } })).toEqual([
      'body.routing.rules.2.name',
    ]);
    const many = Array.from({ length: ROUTING_RULES_MAX + 1 }, (_, index) => rule(`r${index}`));
    expect(fieldsAtFault({ routing: { rules: many } })).toEqual(['body.routing.rules']);
  });

  it('takes PII actions per kind of data, and names an unknown kind or action', () => {
    const parsed = policyDocumentSchema.parse({
      guardrails: {
        pii: {
          inputAction: 'detect',
          entities: { credit_card: { input: 'block' }, email: { output: 'mask' } },
        },
      },
    });
    expect(parsed.guardrails?.pii?.entities).toEqual({
      credit_card: { input: 'block' },
      email: { output: 'mask' },
    });
    expect(
      fieldsAtFault({
        guardrails: { pii: { entities: { passport: { input: 'block' }, email: { input: 'hide' } } } },
      }),
    ).toEqual(['body.guardrails.pii.entities.email.input', 'body.guardrails.pii.entities.passport']);
  });

  it('takes the regions phone numbers without a country code are from, and names one that is not a region', () => {
    const parsed = policyDocumentSchema.parse({ guardrails: { pii: { phoneRegions: ['GB', 'DE', 'GB'] } } });
    expect(parsed.guardrails?.pii?.phoneRegions).toEqual(['GB', 'DE']);
    expect(fieldsAtFault({ guardrails: { pii: { phoneRegions: ['GB', 'UK'] } } })).toEqual([
      'body.guardrails.pii.phoneRegions.1',
    ]);
    expect(fieldsAtFault({ guardrails: { pii: { phoneRegions: [] } } })).toEqual([
      'body.guardrails.pii.phoneRegions',
    ]);
  });

  it('takes blocked and allowed terms as words with * wildcards, never regular expressions', () => {
    const parsed = policyDocumentSchema.parse({
      guardrails: { contentFilter: { blockedTerms: [' hack* ', 'project falcon'], action: 'flag' } },
    });
    expect(parsed.guardrails?.contentFilter?.blockedTerms).toEqual(['hack*', 'project falcon']);
    expect(
      fieldsAtFault({ guardrails: { contentFilter: { blockedTerms: ['(a+)+$'], allowedTerms: ['a|b'] } } }),
    ).toEqual([
      'body.guardrails.contentFilter.blockedTerms.0',
      'body.guardrails.contentFilter.allowedTerms.0',
    ]);
  });

  it('refuses micros beyond the cap and unsafe integers', () => {
    expect(fieldsAtFault({ budgets: { dailyCapMicros: '9999999999999999999' } })).toEqual([
      'body.budgets.dailyCapMicros',
    ]);
    expect(fieldsAtFault({ budgets: { dailyCapMicros: 2 ** 53 } })).toEqual(['body.budgets.dailyCapMicros']);
  });
});
