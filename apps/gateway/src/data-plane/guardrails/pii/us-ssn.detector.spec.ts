import { describe, expect, it } from 'vitest';
import { usSsnDetector } from './us-ssn.detector';
import { valuesFound } from './pii-test-helpers';

describe('usSsnDetector', () => {
  it('finds dashed numbers alone, and spaced or bare ones after an SSN label', () => {
    expect(
      valuesFound(usSsnDetector, 'mine is 536-22-1234; SSN: 536 22 1235; social security number 536221236'),
    ).toEqual(['536-22-1234', '536 22 1235', '536221236']);
  });

  it('leaves out numbers the SSA never issues, published examples, unlabelled digits and part numbers', () => {
    expect(
      valuesFound(
        usSsnDetector,
        '000-12-3456 666-12-3456 912-12-3456 536-00-1234 536-22-0000 078-05-1120, zip+4 536221236, part no. 536-22-1237',
      ),
    ).toEqual([]);
  });
});
