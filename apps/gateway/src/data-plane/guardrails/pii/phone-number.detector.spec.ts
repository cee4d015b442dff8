import { describe, expect, it } from 'vitest';
import { getCountries } from 'libphonenumber-js/max';
import { PHONE_REGIONS } from '@llmguard/shared';
import {
  createPhoneNumberDetector,
  phoneNumberDetector,
  phoneNumberDetectorFor,
} from './phone-number.detector';
import { valuesFound } from './pii-test-helpers';

describe('phoneNumberDetector', () => {
  it('finds formatted national and international numbers, and bare digits after a phone label', () => {
    expect(
      valuesFound(
        phoneNumberDetector,
        'Call (415) 555-2671, 415.555.2672 or +44 20 7946 0958; mobile: 4155552673',
      ),
    ).toEqual(['(415) 555-2671', '415.555.2672', '+44 20 7946 0958', '4155552673']);
  });

  it('leaves out order numbers, unlabelled digit runs, dates, prices and numbers outside any plan', () => {
    expect(
      valuesFound(
        phoneNumberDetector,
        'order number 415-555-2671, ref 4155552671, id 4155552671, on 2024-01-15 or 01/15/2024, $1,234,567.89, (000) 000-0000',
      ),
    ).toEqual([]);
  });

  it('reads national numbers in the configured country', () => {
    expect(valuesFound(createPhoneNumberDetector(['DE']), 'Tel. 030 12345678')).toEqual(['030 12345678']);
  });

  it('counts a national number valid in any of the policy regions, and only there', () => {
    const text = 'Ring me on 020 7946 0018 or call (415) 555-2671.';
    expect(valuesFound(phoneNumberDetector, text)).toEqual(['(415) 555-2671']);
    expect(valuesFound(phoneNumberDetectorFor(['US', 'GB']), text)).toEqual([
      '020 7946 0018',
      '(415) 555-2671',
    ]);
    expect(phoneNumberDetectorFor(['US', 'GB'])).toBe(phoneNumberDetectorFor(['US', 'GB']));
    expect(phoneNumberDetectorFor(undefined)).toBe(phoneNumberDetector);
  });

  it('knows the regions the policy schema accepts: exactly those libphonenumber has plans for', () => {
    expect([...PHONE_REGIONS].sort()).toEqual([...getCountries()].sort());
  });
});
