import { describe, expect, it } from 'vitest';
import type { PiiEntityType } from '@llmguard/shared';
import { outputGuardrailsOf } from './guardrail-config';
import { OutputPiiScanner } from './output-pii-scanner';

function scanner(outputAction: 'detect' | 'mask') {
  const found: [PiiEntityType, string][] = [];
  const instance = new OutputPiiScanner(outputGuardrailsOf({ pii: { outputAction } }), (type, action) =>
    found.push([type, action]),
  );
  return { instance, found };
}

describe('OutputPiiScanner', () => {
  it('masks values in a whole completion and counts them', () => {
    const { instance, found } = scanner('mask');
    expect(instance.whole('Write to ana@example.com or call (415) 555-2671.')).toBe(
      'Write to [EMAIL] or call [PHONE_NUMBER].',
    );
    expect(found).toEqual([
      ['email', 'mask'],
      ['phone_number', 'mask'],
    ]);
  });

  it('finds a value cut across stream pieces, letting text out once it is past the lookahead', () => {
    const { instance, found } = scanner('mask');
    const pieces = [
      'The card is 4111 11',
      '11 1111 1111 and that is all ',
      'there is to say about the matter, truly.',
    ];
    const out = pieces.map((piece) => instance.push('0', piece)).join('') + instance.flush('0');
    expect(out).toBe('The card is [CREDIT_CARD] and that is all there is to say about the matter, truly.');
    expect(found).toEqual([['credit_card', 'mask']]);
    expect(instance.push('1', 'short')).toBe('');
    expect(instance.heldChannels()).toEqual(['1']);
  });

  it('only counts kinds whose action is detect', () => {
    const { instance, found } = scanner('detect');
    expect(instance.whole('mail ana@example.com')).toBe('mail ana@example.com');
    expect(found).toEqual([['email', 'detect']]);
  });
});
