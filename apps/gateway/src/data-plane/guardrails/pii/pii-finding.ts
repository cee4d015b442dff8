import type { PiiEntityType } from '@llmguard/shared';

/**
 * One piece of personal data found in a text: its kind and where it sits. The value itself is never copied out
 * (slice the text when it must be replaced), so findings can be counted, logged and audited safely.
 */
export type PiiFinding = { type: PiiEntityType; start: number; end: number };

/**
 * Finds one kind of personal data. Each detector matches candidates with one regex, then keeps only those its
 * validation accepts (checksums, number plans, context), appending them to `into` in text order.
 */
export type PiiDetector = {
  readonly type: PiiEntityType;
  find(text: string, into: PiiFinding[]): void;
};
