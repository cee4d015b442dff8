import { describe, expect, it } from 'vitest';
import { DETECTABLE_PII_TYPES, detectorsFor, findPii } from './detect-pii';

const every = detectorsFor(new Set(DETECTABLE_PII_TYPES));

describe('findPii', () => {
  it('returns findings in text order, one per value, the strongest kind winning an overlap', () => {
    const text =
      'Card 4111 1111 1111 1111, mail a@example.com, key Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlX2hlcmU';
    expect(findPii(text, every).map((finding) => finding.type)).toEqual(['credit_card', 'email', 'secret']);
  });

  it('runs only the detectors asked for', () => {
    const text = 'a@example.com and (415) 555-2671';
    expect(findPii(text, detectorsFor(new Set(['phone_number']))).map((finding) => finding.type)).toEqual([
      'phone_number',
    ]);
  });

  it('has no detector for names and street addresses', () => {
    expect(DETECTABLE_PII_TYPES).not.toContain('person_name');
    expect(DETECTABLE_PII_TYPES).not.toContain('street_address');
  });
});
