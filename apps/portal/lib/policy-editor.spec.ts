import { describe, expect, it } from 'vitest';
import {
  documentWithSection,
  parseSectionText,
  readableBound,
  sectionEditorText,
  sectionProblemsFromApiMessage,
} from './policy-editor';

describe('parseSectionText', () => {
  it('accepts a valid section and treats {} or blank as "inherit the tier"', () => {
    expect(parseSectionText('rateLimits', '{"tenant":{"tokensPerMinute":1000}}')).toEqual({
      ok: true,
      value: { tenant: { tokensPerMinute: 1000 } },
    });
    expect(parseSectionText('cache', ' {} ')).toEqual({ ok: true, value: undefined });
    expect(parseSectionText('cache', '')).toEqual({ ok: true, value: undefined });
  });

  it('reports broken JSON and non-objects', () => {
    const broken = parseSectionText('budgets', '{"action": }');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.problems[0]?.message).toMatch(/^This is not valid JSON/);
    expect(parseSectionText('budgets', '[1]')).toEqual({
      ok: false,
      problems: [{ path: '', message: 'The section must be a JSON object, like {}.' }],
    });
  });

  it('reports schema problems by their path inside the section, as the API would', () => {
    const result = parseSectionText('rateLimits', '{"tenant":{"tokensPerMinute":0,"rpm":5}}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((problem) => problem.path).sort()).toEqual([
        'tenant',
        'tenant.tokensPerMinute',
      ]);
    }
  });
});

describe('documents', () => {
  it('replaces one section and drops an emptied one', () => {
    const document = { rateLimits: { tenant: { tokensPerMinute: 5 } }, cache: { storePromptText: false } };
    expect(documentWithSection(document, 'cache', undefined)).toEqual({
      rateLimits: { tenant: { tokensPerMinute: 5 } },
    });
    expect(documentWithSection(document, 'budgets', { action: 'block' })).toEqual({
      ...document,
      budgets: { action: 'block' },
    });
    expect(sectionEditorText(document, 'budgets')).toBe('{}');
    expect(sectionEditorText(document, 'cache')).toBe('{\n  "storePromptText": false\n}');
  });
});

describe('sectionProblemsFromApiMessage', () => {
  it("says zod's number bounds as sentences, and leaves other messages alone", () => {
    expect(readableBound('Too small: expected number to be >=1')).toBe('Use at least 1.');
    expect(readableBound('Too big: expected number to be <=0.5')).toBe('Use at most 0.5.');
    expect(readableBound('Unknown field "x".')).toBe('Unknown field "x".');
    const parsed = parseSectionText('rateLimits', '{"tenant": {"tokensPerMinute": 0}}');
    expect(parsed).toEqual({
      ok: false,
      problems: [{ path: 'tenant.tokensPerMinute', message: 'Use at least 1.' }],
    });
  });

  it("keeps the problems of the section being edited from the API's message", () => {
    const message =
      'The request body is invalid: body.document.rateLimits.tenant.tokensPerMinute Too big: expected number to be <=1000000000; body.document.cache.exact Unknown field "x".; body.comment must not contain control characters';
    expect(sectionProblemsFromApiMessage(message, 'rateLimits')).toEqual([
      { path: 'tenant.tokensPerMinute', message: 'Use at most 1,000,000,000.' },
    ]);
    expect(sectionProblemsFromApiMessage(message, 'cache')).toEqual([
      { path: 'exact', message: 'Unknown field "x".' },
    ]);
    expect(sectionProblemsFromApiMessage('Not found.', 'cache')).toEqual([]);
  });
});
