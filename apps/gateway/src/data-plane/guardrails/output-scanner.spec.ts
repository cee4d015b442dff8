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

  it('holds back a secret far longer than the lookahead, and a label with its value, until they are whole', () => {
    const { instance, found } = scanner({ pii: { outputAction: 'mask' } });
    const part = (seed: string) => Buffer.from(seed.repeat(40)).toString('base64url').slice(0, 150);
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJ${part('{"sub":"ana","role":"admin"}')}.${part('signature-bytes')}`;
    const labelled = 'client_secret: Zq8vN2pL7xW4mT9rK3sB6yH1dF5gJ0cX';
    const text = `Here is the token: ${jwt} and also ${labelled} ${'then some ordinary words follow here. '.repeat(4)}`;
    let out = '';
    for (let at = 0; at < text.length; at += 7) out += instance.push('0', text.slice(at, at + 7));
    out += instance.flush('0');
    expect(jwt.length).toBeGreaterThan(300);
    expect(out).not.toContain(jwt.slice(40, 80));
    expect(out).not.toContain('Zq8vN2pL7xW4');
    expect(out).toContain('Here is the token: [SECRET]');
    expect(found.filter((what) => what === 'secret:mask')).toHaveLength(2);
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
