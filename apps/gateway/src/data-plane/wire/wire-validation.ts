import type { z } from 'zod';
import { GatewayError } from '@llmguard/shared';

type Issue = z.core.$ZodIssue;

/**
 * Parses a client body with a wire schema. On failure the error names the first offending field the
 * way OpenAI does (`param: "messages[1].content"`) and says what was expected there.
 */
export function parseWireBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new GatewayError('invalid_request', { publicMessage: 'The request body is invalid.' });
  const { path, message } = describeIssue(issue, []);
  const param = formatParam(path);
  if (param === '')
    throw new GatewayError('invalid_request', { publicMessage: `Invalid request body: ${message}` });
  const missing = valueAt(body, path) === undefined;
  throw new GatewayError('invalid_request', {
    publicMessage: missing
      ? `Missing required parameter: '${param}'.`
      : `Invalid value for '${param}': ${lowerFirst(message)}`,
    param,
  });
}

/** `['messages', 1, 'content']` → `messages[1].content`. */
export function formatParam(path: readonly PropertyKey[]): string {
  let param = '';
  for (const key of path) {
    if (typeof key === 'number') param += `[${key}]`;
    else param += param === '' ? String(key) : `.${String(key)}`;
  }
  return param;
}

/**
 * The most precise path and message of an issue. For a union (e.g. content that is a string or a
 * list of parts) the branch that got furthest explains the mistake best; when no branch got past the
 * value itself, the expected types of all branches are listed.
 */
function describeIssue(issue: Issue, prefix: PropertyKey[]): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union') return { path, message: withPeriod(issue.message) };
  if (issue.errors.length === 0) return { path, message: withPeriod(issue.message) };
  let deepest: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && (!deepest || first.path.length > deepest.path.length)) deepest = first;
  }
  if (deepest && deepest.path.length > 0) return describeIssue(deepest, path);
  const expected = issue.errors.flatMap((branch) =>
    branch[0]?.code === 'invalid_type' ? [String(branch[0].expected)] : [],
  );
  return {
    path,
    message: expected.length > 0 ? `expected ${expected.join(' or ')}.` : withPeriod(issue.message),
  };
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function withPeriod(message: string): string {
  return message.endsWith('.') ? message : `${message}.`;
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
