import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { digitsOf, OTHER_IDENTIFIER_LABEL, textBefore } from './match-context';
import type { PiiDetector } from './pii-finding';

// Phone-shaped text: an optional +, digits with spaces, dots, dashes or parentheses between them, not glued to
// words or to a longer dotted/dashed run. Only these candidates go to libphonenumber: its own text scanner
// (findPhoneNumbersInText) took 80 ms on a 4,000-token prompt here, parsing the few candidates takes microseconds.
const PHONE_CANDIDATE = /(?<![\w+./-])\+?\(?\d[\d ().-]{5,20}\d(?![\w/-]|\.\d)/g;

// A date or a time range written with the separators phone numbers use.
const DATE_SHAPED = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

// What names bare digits as a phone number.
const PHONE_LABEL =
  /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|call|text|sms|whatsapp|signal|contact|reach|dial|ph|mob|hotline|landline|(?:my|your|his|her|our|their) (?:number|no\.?))\b/;

// "00" is the international call prefix of most of the world ("0049 30 901820" is +49 30 901820).
const INTERNATIONAL_PREFIX = /^00(?=[1-9])/;

/**
 * Phone numbers, validated against libphonenumber's numbering plans (max metadata: exact per-type patterns). A
 * number in international form (+… or 00…) is read as such; others count when valid in one of `regions` (the
 * policy's `pii.phoneRegions`). Formatted numbers (`(415) 555-2671`, `+44 20 7946 0958`) stand alone; a bare run of
 * digits needs a label such as "phone" or "call" before it, and any number labelled as an order, invoice or tracking
 * number is left alone.
 * @see https://gitlab.com/catamphetamine/libphonenumber-js
 */
export function createPhoneNumberDetector(regions: readonly CountryCode[]): PiiDetector {
  return {
    type: 'phone_number',
    find(text, into) {
      // A number repeated in a text (a log, a table, a signature) is validated once.
      const verdicts = new Map<string, boolean>();
      const isValid = (number: string) => {
        let valid = verdicts.get(number);
        if (valid === undefined) {
          valid = number.startsWith('+')
            ? parsePhoneNumberFromString(number)?.isValid() === true
            : regions.some((region) => parsePhoneNumberFromString(number, region)?.isValid());
          verdicts.set(number, valid);
        }
        return valid;
      };
      for (const match of text.matchAll(PHONE_CANDIDATE)) {
        const candidate = match[0];
        const digits = digitsOf(candidate);
        if (digits.length < 7 || digits.length > 15 || DATE_SHAPED.test(candidate)) continue;
        if (!balancedParentheses(candidate)) continue;
        const before = textBefore(text, match.index);
        if (OTHER_IDENTIFIER_LABEL.test(before)) continue;
        const formatted = candidate.length !== digits.length;
        if (!formatted && !PHONE_LABEL.test(before)) continue;
        if (!isValid(candidate.replace(INTERNATIONAL_PREFIX, '+'))) continue;
        into.push({ type: 'phone_number', start: match.index, end: match.index + candidate.length });
      }
    },
  };
}

/** Where numbers without a country code are from when a policy does not say: the US (and Canada's shared plan). */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US'];

/** Phone numbers of the US and Canada in national form, and every country's in international form. */
export const phoneNumberDetector = createPhoneNumberDetector(DEFAULT_PHONE_REGIONS);

const detectorsByRegions = new Map<string, PiiDetector>();

/** The phone detector for a policy's regions, one per distinct list. */
export function phoneNumberDetectorFor(regions: readonly CountryCode[] | undefined): PiiDetector {
  if (!regions || regions.join() === DEFAULT_PHONE_REGIONS.join()) return phoneNumberDetector;
  const key = regions.join();
  let detector = detectorsByRegions.get(key);
  if (!detector) {
    detector = createPhoneNumberDetector(regions);
    detectorsByRegions.set(key, detector);
  }
  return detector;
}

function balancedParentheses(candidate: string): boolean {
  const open = candidate.indexOf('(');
  const close = candidate.indexOf(')');
  if (open < 0 && close < 0) return true;
  return (
    open >= 0 && close > open && candidate.indexOf('(', open + 1) < 0 && candidate.indexOf(')', close + 1) < 0
  );
}
