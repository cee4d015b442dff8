import { describe, expect, it } from 'vitest';
import {
  dollarsToMicros,
  formValuesOf,
  microsToDollars,
  POLICY_FORMS,
  sectionFromFormValues,
} from './policy-form';

const json = (result: ReturnType<typeof sectionFromFormValues>) => {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return JSON.parse(result.json) as unknown;
};

describe('policy forms', () => {
  it('have forms for rate limits, budgets, cache and guardrails (routing stays JSON)', () => {
    expect(Object.keys(POLICY_FORMS).sort()).toEqual(['budgets', 'cache', 'guardrails', 'rateLimits']);
  });

  it('sets the guardrails actions and phone regions, keeping per-kind actions and terms the form does not show', () => {
    const overrides = {
      pii: { entities: { credit_card: { input: 'block' } } },
      contentFilter: { blockedTerms: ['project falcon'] },
    };
    const values = {
      ...formValuesOf('guardrails', overrides),
      'pii.inputAction': 'redact',
      'pii.phoneRegions': 'gb, de',
      'promptInjection.action': 'block',
      'promptInjection.threshold': '0.7',
    };
    expect(json(sectionFromFormValues('guardrails', values, overrides))).toEqual({
      pii: {
        entities: { credit_card: { input: 'block' } },
        inputAction: 'redact',
        phoneRegions: ['GB', 'DE'],
      },
      contentFilter: { blockedTerms: ['project falcon'] },
      promptInjection: { action: 'block', threshold: 0.7 },
    });
    expect(formValuesOf('guardrails', { pii: { phoneRegions: ['GB', 'DE'] } })['pii.phoneRegions']).toBe(
      'GB, DE',
    );
    expect(sectionFromFormValues('guardrails', { 'pii.phoneRegions': 'GB, UK' }, {})).toEqual({
      ok: false,
      problems: [
        {
          path: 'pii.phoneRegions',
          message: 'UK is not a region code: use ISO 3166-1 codes such as GB, DE or US.',
        },
      ],
    });
  });

  it('shows overrides as text and leaves inherited fields empty', () => {
    const values = formValuesOf('rateLimits', {
      tenant: { tokensPerMinute: 2345 },
      onLimiterUnavailable: 'fail_closed',
    });
    expect(values['tenant.tokensPerMinute']).toBe('2345');
    expect(values['tenant.requestsPerMinute']).toBe('');
    expect(values.onLimiterUnavailable).toBe('fail_closed');
    expect(
      formValuesOf('budgets', { monthlyCapMicros: '12500000', alertThresholdsPercent: [50, 80] }),
    ).toMatchObject({
      monthlyCapMicros: '12.5',
      alertThresholdsPercent: '50, 80',
      action: '',
    });
    expect(formValuesOf('cache', undefined)['exact.enabled']).toBe('');
  });

  it('sets what is typed, removes what is emptied, and keeps what the form does not show', () => {
    const overrides = {
      tenant: { tokensPerMinute: 2345, inputTokensPerMinute: 99 },
      perModel: { 'gpt-4o': { requestsPerMinute: 10 } },
    };
    const values = {
      ...formValuesOf('rateLimits', overrides),
      'tenant.tokensPerMinute': '',
      'perKey.requestsPerMinute': ' 60 ',
    };
    expect(json(sectionFromFormValues('rateLimits', values, overrides))).toEqual({
      tenant: { inputTokensPerMinute: 99 },
      perKey: { requestsPerMinute: 60 },
      perModel: { 'gpt-4o': { requestsPerMinute: 10 } },
    });
  });

  it('turns dollars into micros, percentages into a list and toggles into booleans', () => {
    const budgets = {
      ...formValuesOf('budgets', {}),
      dailyCapMicros: '$0.5',
      alertThresholdsPercent: '80 50',
    };
    expect(json(sectionFromFormValues('budgets', budgets, {}))).toEqual({
      dailyCapMicros: '500000',
      alertThresholdsPercent: [80, 50],
    });
    const cache = { ...formValuesOf('cache', {}), 'semantic.enabled': 'false', storePromptText: 'true' };
    expect(json(sectionFromFormValues('cache', cache, {}))).toEqual({
      semantic: { enabled: false },
      storePromptText: true,
    });
  });

  it('drops a scope left empty, and an all-empty form inherits everything', () => {
    const values = {
      ...formValuesOf('rateLimits', { perKey: { requestsPerMinute: 5 } }),
      'perKey.requestsPerMinute': '',
    };
    expect(json(sectionFromFormValues('rateLimits', values, { perKey: { requestsPerMinute: 5 } }))).toEqual(
      {},
    );
  });

  it('names the field of a value that is not a number, or that the policy schema refuses', () => {
    const typed = { ...formValuesOf('rateLimits', {}), 'tenant.requestsPerMinute': 'ten' };
    expect(sectionFromFormValues('rateLimits', typed, {})).toEqual({
      ok: false,
      problems: [{ path: 'tenant.requestsPerMinute', message: 'Enter a whole number.' }],
    });
    const refused = { ...formValuesOf('rateLimits', {}), 'tenant.requestsPerMinute': '0' };
    const result = sectionFromFormValues('rateLimits', refused, {});
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((problem) => problem.path)).toEqual(['tenant.requestsPerMinute']);
    const cache = { ...formValuesOf('cache', {}), 'semantic.similarityThreshold': '0.2' };
    const threshold = sectionFromFormValues('cache', cache, {});
    if (threshold.ok) throw new Error('a threshold under 0.5 must be refused');
    expect(threshold.problems[0]?.path).toBe('semantic.similarityThreshold');
  });

  it('converts amounts exactly, beyond what a JavaScript number holds', () => {
    expect(dollarsToMicros('9007199254740.993')).toBe('9007199254740993000');
    expect(dollarsToMicros('12')).toBe('12000000');
    expect(dollarsToMicros('1.2345678')).toBeNull();
    expect(dollarsToMicros('-1')).toBeNull();
    expect(microsToDollars('9007199254740993000')).toBe('9007199254740.993');
    expect(microsToDollars('500000')).toBe('0.5');
    expect(microsToDollars('0')).toBe('0');
  });
});
