import { describe, expect, it } from 'vitest';
import { outputGuardrailsOf } from './guardrail-config';
import { OutputScanner } from './output-scanner';
import { outputFinders } from './response-guardrails';

function scanner(guardrails: Parameters<typeof outputGuardrailsOf>[0]) {
  const found: string[] = [];
  const instance = new OutputScanner(
    outputFinders(outputGuardrailsOf(guardrails), (what) => found.push(what)),
  );
  return { instance, found };
}

describe('OutputScanner', () => {
  it('masks personal data in a whole completion and records it', () => {
    const { instance, found } = scanner({ pii: { outputAction: 'mask' } });
    expect(instance.whole('Write to ana@example.com or call (415) 555-2671.')).toBe(
      'Write to [EMAIL] or call [PHONE_NUMBER].',
    );
    expect(found).toEqual(['email:mask', 'phone_number:mask']);
  });

  it('finds a value cut across stream pieces, letting text out once it is past the lookahead', () => {
    const { instance, found } = scanner({ pii: { outputAction: 'mask' } });
    const pieces = [
      'The card is 4111 11',
      '11 1111 1111 and that is all ',
      'there is to say about the matter, truly, and we will now talk about something else entirely.',
    ];
    const out = pieces.map((piece) => instance.push('0', piece)).join('') + instance.flush('0');
    expect(out).toBe(
      'The card is [CREDIT_CARD] and that is all there is to say about the matter, truly, and we will now talk about something else entirely.',
    );
    expect(found).toEqual(['credit_card:mask']);
    expect(instance.push('1', 'short')).toBe('');
    expect(instance.heldChannels()).toEqual(['1']);
  });

  it('only records kinds whose action is detect, and masks blocked terms', () => {
    const { instance, found } = scanner({
      pii: { outputAction: 'detect' },
      contentFilter: { blockedTerms: ['project falcon'] },
    });
    expect(instance.whole('mail ana@example.com about Project Falcon')).toBe(
      'mail ana@example.com about [FILTERED]',
    );
    expect(found).toEqual(['email:detect', 'term']);
  });
});
