import { describe, expect, it } from 'vitest';
import { creditCardDetector } from './credit-card.detector';
import { valuesFound } from './pii-test-helpers';

describe('creditCardDetector', () => {
  it('finds the networks’ numbers grouped as printed or run together', () => {
    expect(
      valuesFound(
        creditCardDetector,
        'Visa 4111 1111 1111 1111, MC 5555-5555-5555-4444, Amex 3782 822463 10005, Discover 6011111111111117.',
      ),
    ).toEqual(['4111 1111 1111 1111', '5555-5555-5555-4444', '3782 822463 10005', '6011111111111117']);
  });

  it('leaves out numbers failing Luhn, unknown prefixes, odd groupings and labelled order numbers', () => {
    expect(
      valuesFound(
        creditCardDetector,
        'bad 4111 1111 1111 1112, prefix 9111111111111111, grouped 41 1111 1111 1111 11, order #4111111111111111, tracking number 5555555555554444',
      ),
    ).toEqual([]);
  });

  it('leaves out digits that are part of a longer number', () => {
    expect(valuesFound(creditCardDetector, 'id 94111111111111111123 and 1.4111111111111111')).toEqual([]);
  });
});
