import { describe, expect, it } from 'vitest';
import { dateOfBirthDetector } from './date-of-birth.detector';
import { valuesFound } from './pii-test-helpers';

describe('dateOfBirthDetector', () => {
  it('finds dates labelled as a birth date, numeric or written', () => {
    expect(
      valuesFound(dateOfBirthDetector, 'DOB: 05/17/1990. Born on March 3, 1985; date of birth 1979-11-02'),
    ).toEqual(['05/17/1990', 'March 3, 1985', '1979-11-02']);
  });

  it('leaves out other dates', () => {
    expect(valuesFound(dateOfBirthDetector, 'Meeting on 05/17/2024, invoice dated March 3, 1985')).toEqual(
      [],
    );
  });
});
