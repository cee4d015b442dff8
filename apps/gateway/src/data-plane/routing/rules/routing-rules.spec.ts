import { describe, expect, it } from 'vitest';
import { policyDocumentSchema, type RoutingRule } from '@llmguard/shared';
import type { RequestTraits } from './request-traits';
import { compileRoutingRules, firstMatchingRule, ruleMatches } from './routing-rules';

function traits(overrides: Partial<{ [K in keyof RequestTraits]: ReturnType<RequestTraits[K]> }> = {}) {
  const counted: string[] = [];
  const value: RequestTraits = {
    promptTokens: () => (counted.push('promptTokens'), overrides.promptTokens ?? 100),
    hasTools: () => overrides.hasTools ?? false,
    hasImages: () => overrides.hasImages ?? false,
    metadata: () => overrides.metadata ?? new Map(),
    containsPii: () => (counted.push('containsPii'), overrides.containsPii ?? false),
  };
  return Object.assign(value, { counted });
}

function rule(name: string, when: RoutingRule['when']): RoutingRule {
  return { name, when, then: { requireTags: ['x'] } };
}

describe('ruleMatches', () => {
  it('matches every request when the rule states no condition', () => {
    expect(ruleMatches(rule('all', undefined), traits())).toBe(true);
    expect(ruleMatches(rule('all', {}), traits({ hasTools: true }))).toBe(true);
  });

  it('bounds the prompt length on both sides, inclusive', () => {
    const long = rule('long', { minPromptTokens: 1_000, maxPromptTokens: 5_000 });
    expect(ruleMatches(long, traits({ promptTokens: 999 }))).toBe(false);
    expect(ruleMatches(long, traits({ promptTokens: 1_000 }))).toBe(true);
    expect(ruleMatches(long, traits({ promptTokens: 5_000 }))).toBe(true);
    expect(ruleMatches(long, traits({ promptTokens: 5_001 }))).toBe(false);
  });

  it('reads tools, images and sensitivity as wanted true or wanted false', () => {
    expect(ruleMatches(rule('t', { hasTools: true }), traits({ hasTools: true }))).toBe(true);
    expect(ruleMatches(rule('t', { hasTools: true }), traits())).toBe(false);
    expect(ruleMatches(rule('i', { hasImages: false }), traits({ hasImages: true }))).toBe(false);
    expect(ruleMatches(rule('i', { hasImages: false }), traits())).toBe(true);
    expect(ruleMatches(rule('s', { sensitive: true }), traits({ containsPii: true }))).toBe(true);
    expect(ruleMatches(rule('s', { sensitive: true }), traits())).toBe(false);
  });

  it('needs every metadata key to have exactly its value', () => {
    const batch = rule('batch', { metadata: { tier: 'batch', team: 'search' } });
    const tagged = (entries: [string, string][]) => traits({ metadata: new Map(entries) });
    expect(
      ruleMatches(
        batch,
        tagged([
          ['tier', 'batch'],
          ['team', 'search'],
          ['extra', '1'],
        ]),
      ),
    ).toBe(true);
    expect(ruleMatches(batch, tagged([['tier', 'batch']]))).toBe(false);
    expect(
      ruleMatches(
        batch,
        tagged([
          ['tier', 'Batch'],
          ['team', 'search'],
        ]),
      ),
    ).toBe(false);
  });

  it('needs every condition of a rule to hold', () => {
    const both = rule('both', { hasTools: true, minPromptTokens: 50 });
    expect(ruleMatches(both, traits({ hasTools: true, promptTokens: 60 }))).toBe(true);
    expect(ruleMatches(both, traits({ hasTools: true, promptTokens: 40 }))).toBe(false);
    expect(ruleMatches(both, traits({ hasTools: false, promptTokens: 60 }))).toBe(false);
  });

  it('does not count tokens or look for personal data when a cheaper condition already failed', () => {
    const request = traits({ hasTools: false });
    expect(ruleMatches(rule('r', { hasTools: true, sensitive: true, minPromptTokens: 1 }), request)).toBe(
      false,
    );
    expect(request.counted).toEqual([]);
  });
});

describe('firstMatchingRule', () => {
  it('applies only the first matching rule, in the policy order', () => {
    const rules = [
      rule('tools', { hasTools: true }),
      rule('long', { minPromptTokens: 1_000 }),
      rule('rest', undefined),
    ];
    expect(firstMatchingRule(rules, traits({ hasTools: true, promptTokens: 5_000 }))?.name).toBe('tools');
    expect(firstMatchingRule(rules, traits({ promptTokens: 5_000 }))?.name).toBe('long');
    expect(firstMatchingRule(rules, traits())?.name).toBe('rest');
    expect(firstMatchingRule(rules.slice(0, 2), traits())).toBeUndefined();
  });
});

describe('compileRoutingRules', () => {
  it('reads a validated routing section, and no section as no rule at all', () => {
    const { routing } = policyDocumentSchema.parse({
      routing: {
        requiredTags: ['prod'],
        rules: [{ name: 'images', when: { hasImages: true }, then: { requireTags: ['vision'] } }],
        sensitiveData: { piiLocalOnly: true },
        overflow: { prefer: 'local', spillTo: 'cloud' },
      },
    });
    expect(compileRoutingRules(routing)).toEqual({
      requiredTags: ['prod'],
      rules: routing?.rules,
      localOnly: false,
      piiLocalOnly: true,
      overflow: { prefer: 'local', spillTo: 'cloud' },
      narrows: true,
    });
    expect(compileRoutingRules(undefined)).toEqual({
      requiredTags: [],
      rules: [],
      localOnly: false,
      piiLocalOnly: false,
      overflow: undefined,
      narrows: false,
    });
    expect(compileRoutingRules({ fallbacks: { enabled: false } }).narrows).toBe(false);
    // An overflow that names no preferred tag (a tenant version that only set spillTo) prefers nothing.
    expect(compileRoutingRules({ overflow: { spillTo: 'cloud' } }).overflow).toBeUndefined();
  });
});
