import type { z } from 'zod';
import type { ErrorDetail } from '../errors/gateway-error';

/** Where a value sits in a request. */
export type RequestLocation = 'body' | 'query' | 'params';

/**
 * Turns zod issues into `{location, message, fix}` entries (Unkey's validation error shape), one per field at fault,
 * so a form can put each message next to its field. Parse with `{ reportInput: true }` so a missing field reads
 * "required" rather than "expected string, received undefined"; the input itself is never copied into the details.
 */
export function toErrorDetails(error: z.ZodError, location: RequestLocation): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = [location, ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        location: `${base}.${key}`,
        message: `Unknown field "${key}".`,
        fix: 'Remove the field; check its spelling against the API reference.',
      }));
    }
    const missing = issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined;
    const fix = missing ? 'Provide this field.' : fixFor(issue);
    const message = missing ? 'This field is required.' : issue.message;
    return [{ location: base, message, ...(fix ? { fix } : {}) }];
  });
}

function fixFor(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `Send a value of type ${issue.expected}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? `Use at least ${String(issue.minimum)} characters.`
        : `Use a value of at least ${String(issue.minimum)}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `Use at most ${String(issue.maximum)} characters.`
        : `Use a value of at most ${String(issue.maximum)}.`;
    case 'invalid_value':
      return `Use one of: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'Use an ISO 8601 date-time such as 2030-01-31T12:00:00Z.'
        : `Use a valid ${issue.format}.`;
    default:
      return undefined;
  }
}
