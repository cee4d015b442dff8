import { describe, expect, it } from 'vitest';
import { ibanDetector } from './iban.detector';
import { valuesFound } from './pii-test-helpers';

describe('ibanDetector', () => {
  it('finds printed and electronic IBANs, cutting one that runs on into the next word', () => {
    expect(
      valuesFound(
        ibanDetector,
        'Pay DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432; FR14 2004 1010 0505 0001 3M02 606 THEN stop',
      ),
    ).toEqual(['DE89 3704 0044 0532 0130 00', 'GB82WEST12345698765432', 'FR14 2004 1010 0505 0001 3M02 606']);
  });

  it('leaves out a wrong check, a wrong length and unknown countries', () => {
    expect(
      valuesFound(
        ibanDetector,
        'DE89 3704 0044 0532 0130 01, DE89 3704 0044 0532 0130, ZZ12 3456 7890 1234 56',
      ),
    ).toEqual([]);
  });
});
