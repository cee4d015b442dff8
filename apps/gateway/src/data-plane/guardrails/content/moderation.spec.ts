import { describe, expect, it } from 'vitest';
import { categoriesOf } from './moderation';

describe('categoriesOf', () => {
  it('maps OpenAI categories and sub-categories to the blocked policy categories any result flags', () => {
    const answer = {
      results: [
        { flagged: true, categories: { 'violence/graphic': true, hate: false } },
        { flagged: true, categories: { 'self-harm/intent': true, sexual: true } },
      ],
    };
    expect(categoriesOf(answer, ['violence', 'self_harm', 'hate'])).toEqual({
      categories: ['violence', 'self_harm'],
    });
    expect(categoriesOf(answer, ['illicit'])).toEqual({ categories: [] });
  });

  it('gives nothing for an answer that is not a moderation result', () => {
    expect(categoriesOf({ data: [] }, ['hate'])).toBeUndefined();
    expect(categoriesOf(null, ['hate'])).toBeUndefined();
  });
});
