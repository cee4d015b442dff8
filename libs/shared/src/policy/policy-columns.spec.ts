import { describe, expect, it } from 'vitest';
import { policyColumnsFromDocument, policyDocumentFromColumns } from './policy-columns';

describe('policy columns', () => {
  it('writes every section and reads back the document without its empty sections', () => {
    const document = { routing: { allowedProviders: ['openai' as const] }, cache: {} };
    const columns = policyColumnsFromDocument(document);
    expect(columns).toEqual({
      rateLimits: {},
      budgets: {},
      guardrails: {},
      cache: {},
      routing: { allowedProviders: ['openai'] },
      dataResidency: {},
    });
    expect(policyDocumentFromColumns(columns)).toEqual({ routing: { allowedProviders: ['openai'] } });
  });

  it('refuses a stored section that no longer validates', () => {
    const columns = { ...policyColumnsFromDocument({}), budgets: { action: 'maybe' } };
    expect(() => policyDocumentFromColumns(columns)).toThrow(/budgets\.action/);
  });
});
