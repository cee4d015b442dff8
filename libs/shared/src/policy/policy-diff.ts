import { isPlainObject } from './effective-policy';
import type { PolicyDocument } from './policy-document.schema';

/** A JSON value as a policy holds it. */
export type PolicyValue = string | number | boolean | null | PolicyValue[] | { [key: string]: PolicyValue };

/** One field that differs between two policy documents; `null` stands for "absent". */
export type PolicyChange = {
  /** Where the field sits, e.g. `routing.allowedProviders` or `rateLimits.perModel["gpt-4.1"].requestsPerMinute`. */
  path: string;
  before: PolicyValue;
  after: PolicyValue;
};

/**
 * The fields that differ between two documents, at the leaves: objects are walked (an absent object counts as an
 * empty one), arrays and scalars compare as whole values, as the merge treats them. Used for the policy history
 * and for audit entries, sorted by path. An empty list means the two documents are equivalent.
 */
export function diffPolicies(before: PolicyDocument, after: PolicyDocument): PolicyChange[] {
  const changes: PolicyChange[] = [];
  walk(before, after, '', changes);
  // Sorted by path: stored documents (jsonb) do not keep the order their fields were written in.
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function walk(before: unknown, after: unknown, path: string, changes: PolicyChange[]): void {
  const beforeIsObject = before === undefined || isPlainObject(before);
  const afterIsObject = after === undefined || isPlainObject(after);
  if (beforeIsObject && afterIsObject && (before !== undefined || after !== undefined)) {
    const beforeObject = (before ?? {}) as Record<string, unknown>;
    const afterObject = (after ?? {}) as Record<string, unknown>;
    for (const key of new Set([...Object.keys(beforeObject), ...Object.keys(afterObject)]))
      walk(beforeObject[key], afterObject[key], joinPath(path, key), changes);
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  changes.push({ path, before: toValue(before), after: toValue(after) });
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function joinPath(path: string, key: string): string {
  const segment = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (path === '') return segment;
  return segment.startsWith('[') ? `${path}${segment}` : `${path}.${segment}`;
}

function toValue(value: unknown): PolicyValue {
  return value === undefined ? null : (structuredClone(value) as PolicyValue);
}
