/** Small helpers shared by the provider adapters and wire codecs. */

/** Parses JSON text without throwing; `undefined` when the text is not JSON. */
export function safeParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Narrows to a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or `{}`. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/**
 * Tool-call arguments text as an object, for providers that take arguments as an object. Empty text
 * counts as `{}` (models call argument-less tools that way); anything else that is not a JSON object
 * gives `undefined`.
 */
export function parseArgumentsObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === '') return {};
  const parsed = safeParseJson(text);
  return isRecord(parsed) ? parsed : undefined;
}

/** A non-negative integer token count, or `undefined`. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The string, when it is a non-empty one. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Ends a `switch` that handles every member of a union; fails to compile when one is missing. */
export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
