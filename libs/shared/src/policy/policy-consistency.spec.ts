import { describe, expect, it } from 'vitest';
import { computeEffectivePolicy } from './effective-policy';
import { policyConsistencyIssues } from './policy-consistency';

const moderation = { model: 'omni-moderation', timeoutMs: 500, onError: 'allow' } as const;

describe('policyConsistencyIssues', () => {
  it('accepts output moderation when the effective policy has a moderation model and categories', () => {
    const tier = { guardrails: { contentFilter: { moderation, blockedCategories: ['violence' as const] } } };
    const tenant = { guardrails: { contentFilter: { moderateOutput: true } } };
    expect(policyConsistencyIssues(computeEffectivePolicy(tier, tenant), 'body.document')).toEqual([]);
    expect(policyConsistencyIssues({}, 'body.document')).toEqual([]);
  });

  it('refuses output moderation with nothing to moderate with, naming what is missing', () => {
    const issues = policyConsistencyIssues(
      { guardrails: { contentFilter: { moderateOutput: true, blockedCategories: ['hate'] } } },
      'body.document',
    );
    expect(issues).toEqual([
      expect.objectContaining({
        location: 'body.document.guardrails.contentFilter.moderateOutput',
        message: expect.stringContaining('no contentFilter.moderation'),
      }),
    ]);
    const [bare] = policyConsistencyIssues(
      { guardrails: { contentFilter: { moderateOutput: true } } },
      'params.version',
    );
    expect(bare?.message).toContain('contentFilter.blockedCategories');
    expect(bare?.location).toBe('params.version.guardrails.contentFilter.moderateOutput');
  });
});
