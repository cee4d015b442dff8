import type { PhoneRegion, PiiEntityType } from '@llmguard/shared';
import { creditCardDetector } from './credit-card.detector';
import { dateOfBirthDetector } from './date-of-birth.detector';
import { emailDetector } from './email.detector';
import { ibanDetector } from './iban.detector';
import { ipAddressDetector } from './ip-address.detector';
import { phoneNumberDetector, phoneNumberDetectorFor } from './phone-number.detector';
import type { PiiDetector, PiiFinding } from './pii-finding';
import { secretDetector } from './secret.detector';
import { usSsnDetector } from './us-ssn.detector';

/**
 * The detectors, strongest evidence first: where two findings overlap, the earlier kind wins (a key inside a
 * bearer header is a secret, a card number is not also a phone number), then the longer finding.
 * `person_name` and `street_address` have no detector: telling them apart needs a language model, not patterns.
 */
const DETECTORS: readonly PiiDetector[] = [
  secretDetector,
  ibanDetector,
  creditCardDetector,
  usSsnDetector,
  emailDetector,
  dateOfBirthDetector,
  phoneNumberDetector,
  ipAddressDetector,
];

/** The kinds of personal data LLMGuard can find. */
export const DETECTABLE_PII_TYPES: readonly PiiEntityType[] = DETECTORS.map((detector) => detector.type);

const RANK: ReadonlyMap<PiiEntityType, number> = new Map(
  DETECTORS.map((detector, index) => [detector.type, index]),
);

/** The detectors of the given kinds, in precedence order; phone numbers read as numbers of `phoneRegions`. */
export function detectorsFor(
  types: ReadonlySet<PiiEntityType>,
  phoneRegions?: readonly PhoneRegion[],
): readonly PiiDetector[] {
  return DETECTORS.filter((detector) => types.has(detector.type)).map((detector) =>
    detector === phoneNumberDetector ? phoneNumberDetectorFor(phoneRegions) : detector,
  );
}

/** Every piece of personal data the detectors find in a text, in text order, without overlaps. */
export function findPii(text: string, detectors: readonly PiiDetector[]): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const detector of detectors) detector.find(text, findings);
  return findings.length > 1 ? withoutOverlaps(findings) : findings;
}

function withoutOverlaps(findings: PiiFinding[]): PiiFinding[] {
  const byStrength = [...findings].sort(
    (a, b) => (RANK.get(a.type) ?? 0) - (RANK.get(b.type) ?? 0) || b.end - b.start - (a.end - a.start),
  );
  const kept: PiiFinding[] = [];
  for (const finding of byStrength) {
    if (!kept.some((other) => finding.start < other.end && other.start < finding.end)) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}
