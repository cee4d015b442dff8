import { describe, expect, it } from 'vitest';
import { PlaceholderVault, StreamingRestorer } from './placeholder-vault';

function vaultWith(...entries: [Parameters<PlaceholderVault['placeholderFor']>[0], string][]) {
  const vault = new PlaceholderVault();
  for (const [type, value] of entries) vault.placeholderFor(type, value);
  return vault;
}

describe('PlaceholderVault', () => {
  it('numbers placeholders per kind and gives a repeated value the same one', () => {
    const vault = new PlaceholderVault();
    expect(vault.placeholderFor('email', 'a@x.io')).toBe('<EMAIL_1>');
    expect(vault.placeholderFor('email', 'b@x.io')).toBe('<EMAIL_2>');
    expect(vault.placeholderFor('email', 'a@x.io')).toBe('<EMAIL_1>');
    expect(vault.placeholderFor('credit_card', '4111111111111111')).toBe('<CREDIT_CARD_1>');
  });

  it('restores its own placeholders only, JSON-escaped inside JSON text', () => {
    const vault = vaultWith(['email', 'a@x.io'], ['secret', 'line1\nline2']);
    expect(vault.restore('to <EMAIL_1>, not <EMAIL_9> or <b>')).toBe('to a@x.io, not <EMAIL_9> or <b>');
    expect(vault.restore('{"key":"<SECRET_1>"}', true)).toBe('{"key":"line1\\nline2"}');
  });
});

describe('StreamingRestorer', () => {
  it('restores a placeholder split across pieces, holding back only what may still become one', () => {
    const restorer = new StreamingRestorer(vaultWith(['email', 'a@x.io']));
    const out = ['Write to <EM', 'AIL', '_1> now <', 'b> ok'].map((piece) => restorer.push('0', piece));
    expect(out).toEqual(['Write to ', '', 'a@x.io now ', '<b> ok']);
    expect(restorer.flush('0')).toBe('');
  });

  it('keeps channels apart and gives back what a channel holds when it ends', () => {
    const restorer = new StreamingRestorer(vaultWith(['email', 'a@x.io']));
    expect(restorer.push('0', 'x <EMAIL_')).toBe('x ');
    expect(restorer.push('1', 'y')).toBe('y');
    expect(restorer.heldChannels()).toEqual(['0']);
    expect(restorer.flush('0')).toBe('<EMAIL_');
  });
});
