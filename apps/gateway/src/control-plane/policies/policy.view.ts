import type { TierPolicyDefaults } from '@llmguard/db';
import {
  diffPolicies,
  policyDocumentFromColumns,
  type PolicyChange,
  type PolicyDocument,
  type PolicyVersionSummary,
  type PolicyVersionView,
  type TierPolicyView,
} from '@llmguard/shared';
import type { PolicyVersionRow } from './policies.repository';

export function toPolicyVersionSummary(row: PolicyVersionRow): PolicyVersionSummary {
  return {
    version: row.version,
    comment: row.comment,
    author: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A version with its changes against the previous version's document (`{}` before version 1). */
export function toPolicyVersionView(row: PolicyVersionRow, previous: PolicyDocument): PolicyVersionView {
  const document = policyDocumentFromColumns(row);
  return { ...toPolicyVersionSummary(row), document, changes: diffPolicies(previous, document) };
}

/** A tier's defaults document; `{}` while the tier has none. */
export function tierDefaultsDocument(row: TierPolicyDefaults | null): PolicyDocument {
  return row ? policyDocumentFromColumns(row) : {};
}

export function toTierPolicyView(tierId: string, row: TierPolicyDefaults | null): TierPolicyView {
  return { tierId, document: tierDefaultsDocument(row), updatedAt: row?.updatedAt.toISOString() ?? null };
}

/**
 * The audit record of a change: each side lists only the fields that changed (path → value, null = absent), so
 * the entry says what happened without copying the whole document twice.
 */
export function auditSidesOf(
  changes: PolicyChange[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  return {
    before: { ...before, changes: Object.fromEntries(changes.map((change) => [change.path, change.before])) },
    after: { ...after, changes: Object.fromEntries(changes.map((change) => [change.path, change.after])) },
  };
}
