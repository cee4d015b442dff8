import { describe, expect, it } from 'vitest';
import { emailDetector } from './email.detector';
import { valuesFound } from './pii-test-helpers';

describe('emailDetector', () => {
  it('finds addresses in prose, with subdomains, plus tags and trailing punctuation', () => {
    expect(
      valuesFound(emailDetector, 'Write to john.doe+tag@mail.example.co.uk, or Ana_M@example.com.'),
    ).toEqual(['john.doe+tag@mail.example.co.uk', 'Ana_M@example.com']);
  });

  it('leaves out package versions, retina assets, mentions and malformed local parts', () => {
    expect(
      valuesFound(
        emailDetector,
        'npm i react@18.2.0 and lodash@4.17.21; see logo@2x.png and @channel; bad john..doe@example.com',
      ),
    ).toEqual([]);
  });
});
