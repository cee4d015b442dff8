import { OTHER_IDENTIFIER_LABEL, textBefore } from './match-context';
import type { PiiDetector } from './pii-finding';

// Area, group and serial, joined by dashes, spaces or nothing (the same separator twice).
const SSN_CANDIDATE = /(?<![\w-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w-]|\.\d)/g;

// What names a number as a social security number when it is not written 123-45-6789.
const SSN_LABEL =
  /\b(?:ssn|ss#|ss no|social security(?: number| no\.?)?|social sec\.?|taxpayer id|tin)\b[^0-9]{0,20}$/;

// Numbers the SSA never issued but that were printed everywhere (the Woolworth wallet card, a 1940s advert).
const PUBLISHED_EXAMPLES: ReadonlySet<string> = new Set(['078051120', '219099999']);

/**
 * US social security numbers by the SSA's rules: area 001–899 except 666, group 01–99, serial 0001–9999. The
 * dashed form stands alone; spaced or bare digits need a label such as "SSN" before them, since nine digits are
 * so often something else.
 * @see https://www.ssa.gov/employer/randomization.html
 */
export const usSsnDetector: PiiDetector = {
  type: 'us_ssn',
  find(text, into) {
    for (const match of text.matchAll(SSN_CANDIDATE)) {
      const [candidate, area = '', separator, group = '', serial = ''] = match;
      if (!isIssuable(area, group, serial)) continue;
      const before = textBefore(text, match.index);
      if (separator !== '-' && !SSN_LABEL.test(before)) continue;
      if (OTHER_IDENTIFIER_LABEL.test(before)) continue;
      into.push({ type: 'us_ssn', start: match.index, end: match.index + candidate.length });
    }
  },
};

function isIssuable(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  return !PUBLISHED_EXAMPLES.has(area + group + serial);
}
