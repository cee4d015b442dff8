import { promptTexts } from '@llmguard/shared';

// PLACEHOLDER for issue 10. The input guardrails stage will run the real PII detectors before routing and set
// RequestContext.containsPii; routing then reads only that flag and this file goes (request-traits.ts calls it).
// Until then routing must not treat a prompt full of personal data as harmless, so it recognises the three most
// unambiguous kinds itself: e-mail addresses, payment card numbers (Luhn-checked) and US social security numbers.

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const US_SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/;
/** 13 to 19 digits, optionally grouped by spaces or dashes. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** Whether the prompt contains an e-mail address, a payment card number or a US social security number. */
export function mayContainPii(body: Record<string, unknown>): boolean {
  return promptTexts(body).some((text) => EMAIL.test(text) || US_SSN.test(text) || hasCardNumber(text));
}

function hasCardNumber(text: string): boolean {
  for (const [candidate] of text.matchAll(CARD_CANDIDATE)) {
    if (passesLuhn(candidate.replace(/[ -]/g, ''))) return true;
  }
  return false;
}

/** The check digit of payment card numbers (ISO/IEC 7812). */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}
