// Context checks: a few words around a candidate decide what a bare number means ("order 4155552671" is not a
// phone number, "SSN 123456789" is a social security number).

const CONTEXT_CHARS = 40;

/** The text just before `start`, lower-cased: where labels such as "phone:" or "order #" sit. */
export function textBefore(text: string, start: number, chars = CONTEXT_CHARS): string {
  return text.slice(Math.max(0, start - chars), start).toLowerCase();
}

/** The text just after `end`, lower-cased. */
export function textAfter(text: string, end: number, chars = CONTEXT_CHARS): string {
  return text.slice(end, end + chars).toLowerCase();
}

/** Digits of a candidate, separators dropped. */
export function digitsOf(candidate: string): string {
  return candidate.replace(/\D/g, '');
}

/**
 * A label right before a number that makes it an identifier of something else ("order #", "tracking number:"),
 * tested against {@link textBefore}.
 */
export const OTHER_IDENTIFIER_LABEL =
  /(?:order|invoice|tracking|reference|ref|confirmation|transaction|shipment|serial|sku|isbn|imei|barcode|ean|upc|part|model|ticket|case|po)\s*(?:no\.?|number|num|id|code)?\s*[:#]?\s*$/;
