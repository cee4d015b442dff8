import { passesIbanMod97 } from './checksums';
import type { PiiDetector } from './pii-finding';

/**
 * IBAN length per country, from the SWIFT IBAN registry.
 * @see https://www.swift.com/standards/data-standards/iban-international-bank-account-number
 */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    AD: 24,
    AE: 23,
    AL: 28,
    AT: 20,
    AZ: 28,
    BA: 20,
    BE: 16,
    BG: 22,
    BH: 22,
    BI: 27,
    BR: 29,
    BY: 28,
    CH: 21,
    CR: 22,
    CY: 28,
    CZ: 24,
    DE: 22,
    DJ: 27,
    DK: 18,
    DO: 28,
    EE: 20,
    EG: 29,
    ES: 24,
    FI: 18,
    FK: 18,
    FO: 18,
    FR: 27,
    GB: 22,
    GE: 22,
    GI: 23,
    GL: 18,
    GR: 27,
    GT: 28,
    HN: 28,
    HR: 21,
    HU: 28,
    IE: 22,
    IL: 23,
    IQ: 23,
    IS: 26,
    IT: 27,
    JO: 30,
    KW: 30,
    KZ: 20,
    LB: 28,
    LC: 32,
    LI: 21,
    LT: 20,
    LU: 20,
    LV: 21,
    LY: 25,
    MC: 27,
    MD: 24,
    ME: 22,
    MK: 19,
    MN: 20,
    MR: 27,
    MT: 31,
    MU: 30,
    NI: 28,
    NL: 18,
    NO: 15,
    OM: 23,
    PK: 24,
    PL: 28,
    PS: 29,
    PT: 25,
    QA: 29,
    RO: 24,
    RS: 22,
    RU: 33,
    SA: 24,
    SC: 31,
    SD: 18,
    SE: 24,
    SI: 19,
    SK: 24,
    SM: 27,
    SO: 23,
    ST: 25,
    SV: 28,
    TL: 23,
    TN: 24,
    TR: 26,
    UA: 29,
    VA: 22,
    VG: 24,
    XK: 20,
    YE: 30,
  }),
);

// Country code, check digits, then the account in groups of four (printed form) or run together (electronic form).
const IBAN_CANDIDATE =
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

/**
 * International bank account numbers: a known country's exact length and the mod-97 check. A candidate that ran
 * on into the next word ("… 0130 00 THEN") is cut to its country's length first.
 */
export const ibanDetector: PiiDetector = {
  type: 'iban',
  find(text, into) {
    for (const match of text.matchAll(IBAN_CANDIDATE)) {
      const candidate = match[0];
      const length = IBAN_LENGTHS.get(candidate.slice(0, 2));
      if (length === undefined) continue;
      const end = endOfCharacters(candidate, length);
      if (end === undefined) continue;
      if (!passesIbanMod97(candidate.slice(0, end).replace(/ /g, ''))) continue;
      into.push({ type: 'iban', start: match.index, end: match.index + end });
    }
  },
};

/** Where the first `count` non-space characters end, if the candidate has that many and a group ends there. */
function endOfCharacters(candidate: string, count: number): number | undefined {
  let seen = 0;
  for (let index = 0; index < candidate.length; index += 1) {
    if (candidate[index] === ' ') continue;
    seen += 1;
    if (seen === count) {
      const next = candidate[index + 1];
      return next === undefined || next === ' ' ? index + 1 : undefined;
    }
  }
  return undefined;
}
