import { describe, expect, it } from 'vitest';
import { mismatchOf, readSignature, signatureOf } from './prompt-signature';

const mismatch = (a: string, b: string) => mismatchOf(signatureOf(a), signatureOf(b));

describe('the match check', () => {
  it('lets rewordings of one question through', () => {
    expect(mismatch('How do I reset my password?', 'how can i reset my password')).toBeUndefined();
    expect(mismatch('What is the capital of France?', "what's the capital of france")).toBeUndefined();
    expect(mismatch('Give me three tips', 'Give me 3 tips')).toBeUndefined();
  });

  it('refuses a negated question', () => {
    expect(mismatch('Is it safe to eat raw eggs?', 'Is it not safe to eat raw eggs?')).toBe('negation');
    expect(mismatch('Why does my code compile?', "Why doesn't my code compile?")).toBe('negation');
    expect(mismatch('Recipes with dairy', 'Recipes without dairy')).toBe('negation');
  });

  it('refuses other numbers', () => {
    expect(mismatch('List the top 5 languages', 'List the top 10 languages')).toBe('numbers');
    expect(mismatch('Explain IPv4 addressing', 'Explain IPv6 addressing')).toBe('terms');
  });

  it('refuses the opposite action or extreme', () => {
    expect(mismatch('How do I enable 2FA?', 'How do I disable 2FA?')).toBe('opposites');
    expect(mismatch('What is the largest planet?', 'What is the smallest planet?')).toBe('opposites');
  });

  it('refuses questions about other things', () => {
    expect(mismatch('What is the capital of France?', 'What is the capital of Spain?')).toBe('terms');
  });

  it('stores hashes and numbers only, never the words', () => {
    const signature = signatureOf('Reset the password for account 42');
    expect(JSON.stringify(signature)).not.toMatch(/password|account|reset/);
    expect(readSignature(JSON.parse(JSON.stringify(signature)))).toEqual(signature);
    expect(readSignature({ negations: 'x' })).toBeUndefined();
  });
});
