import type { PiiDetector } from './pii-finding';

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
// Numeric (1990-05-17, 17/05/1990, 5.17.90) and written (17 May 1990, May 17, 1990) dates.
const DATE = `(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})`;

// A date is only a date of birth when it is labelled as one; the label stays, the date is what is found.
const LABELLED_DATE = new RegExp(
  `\\b(?:date of birth|birth ?date|birthday|d\\.?o\\.?b|born(?: on)?)\\b\\.?[\\s:=,-]{0,4}(?:is\\s+|was\\s+|on\\s+)?(${DATE})(?![\\w/-])`,
  'gi',
);

/** Dates of birth: a date right after "date of birth", "DOB", "born on" or "birthday". */
export const dateOfBirthDetector: PiiDetector = {
  type: 'date_of_birth',
  find(text, into) {
    for (const match of text.matchAll(LABELLED_DATE)) {
      const date = match[1] ?? '';
      const start = match.index + match[0].length - date.length;
      into.push({ type: 'date_of_birth', start, end: start + date.length });
    }
  },
};
