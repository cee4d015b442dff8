import { passesLuhn } from './checksums';
import { OTHER_IDENTIFIER_LABEL, textBefore } from './match-context';
import type { PiiDetector } from './pii-finding';

// 12–19 digits, optionally grouped by single spaces or dashes, not part of a longer number.
const CARD_CANDIDATE = /(?<![\d.,-])\d(?:[ -]?\d){11,18}(?![\d-]|[.,]\d)/g;

/**
 * Payment card networks by issuer prefix (IIN) and the lengths they issue.
 * @see https://en.wikipedia.org/wiki/Payment_card_number#Issuer_identification_number_(IIN)
 */
const NETWORKS: readonly { prefixes: readonly [number, number][]; lengths: readonly number[] }[] = [
  { prefixes: [[4, 4]], lengths: [13, 16, 19] }, // Visa
  {
    prefixes: [
      [51, 55],
      [2221, 2720],
    ],
    lengths: [16],
  }, // Mastercard
  {
    prefixes: [
      [34, 34],
      [37, 37],
    ],
    lengths: [15],
  }, // American Express
  {
    prefixes: [
      [6011, 6011],
      [644, 649],
      [65, 65],
    ],
    lengths: [16, 17, 18, 19],
  }, // Discover
  { prefixes: [[3528, 3589]], lengths: [16, 17, 18, 19] }, // JCB
  {
    prefixes: [
      [300, 305],
      [36, 36],
      [38, 39],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  }, // Diners Club
  { prefixes: [[62, 62]], lengths: [16, 17, 18, 19] }, // UnionPay
  { prefixes: [[2200, 2204]], lengths: [16, 17, 18, 19] }, // Mir
  {
    prefixes: [
      [50, 50],
      [56, 58],
      [6304, 6304],
      [67, 67],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  }, // Maestro
];

// How cards are printed: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4; or no separators at all.
const GROUPINGS: ReadonlySet<string> = new Set([
  '4-4-4-4',
  '4-4-4-4-1',
  '4-4-4-4-2',
  '4-4-4-4-3',
  '4-4-4-1',
  '4-4-4-2',
  '4-4-4-3',
  '4-6-5',
  '4-6-4',
]);

function issuedByKnownNetwork(digits: string): boolean {
  return NETWORKS.some(
    (network) =>
      network.lengths.includes(digits.length) &&
      network.prefixes.some(([low, high]) => {
        const prefix = Number(digits.slice(0, String(low).length));
        return prefix >= low && prefix <= high;
      }),
  );
}

/** Digits grouped as cards are printed (or not grouped at all), with one kind of separator. */
function groupedLikeACard(candidate: string): boolean {
  const groups = candidate.split(/[ -]/);
  if (groups.length === 1) return true;
  if (new Set(candidate.replace(/\d/g, '')).size > 1) return false;
  return GROUPINGS.has(groups.map((group) => group.length).join('-'));
}

/** Payment card numbers: a known network's prefix and length, the Luhn check digit, and card-like grouping. */
export const creditCardDetector: PiiDetector = {
  type: 'credit_card',
  find(text, into) {
    for (const match of text.matchAll(CARD_CANDIDATE)) {
      const candidate = match[0];
      const digits = candidate.replace(/[ -]/g, '');
      if (!issuedByKnownNetwork(digits) || !passesLuhn(digits) || !groupedLikeACard(candidate)) continue;
      if (OTHER_IDENTIFIER_LABEL.test(textBefore(text, match.index, 32))) continue;
      into.push({ type: 'credit_card', start: match.index, end: match.index + candidate.length });
    }
  },
};
