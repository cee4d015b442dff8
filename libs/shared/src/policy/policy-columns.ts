import { isPlainObject } from './effective-policy';
import {
  POLICY_SECTIONS,
  policyDocumentSchema,
  type PolicyDocument,
  type PolicySection,
} from './policy-document.schema';

/** The six JSON columns of a tenant_policies or tier_policy_defaults row, as the database returns them. */
export type PolicyColumns = Record<PolicySection, unknown>;

/** The columns to write for a document: every section, `{}` for an absent one (the columns are NOT NULL). */
export function policyColumnsFromDocument(document: PolicyDocument): Record<PolicySection, object> {
  const columns = {} as Record<PolicySection, object>;
  for (const section of POLICY_SECTIONS) columns[section] = document[section] ?? {};
  return columns;
}

/**
 * The document stored in a row's columns, validated again (the database does not know the shape). Empty sections are
 * left out, so a document reads back the way it was meant. A row that no longer validates (edited by hand) throws:
 * enforcing half a policy would be worse than refusing.
 */
export function policyDocumentFromColumns(columns: PolicyColumns): PolicyDocument {
  const document: Record<string, unknown> = {};
  for (const section of POLICY_SECTIONS) {
    const value = columns[section];
    if (!isPlainObject(value) || Object.keys(value).length > 0) document[section] = value;
  }
  const parsed = policyDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`stored policy does not validate (${paths})`);
  }
  return parsed.data;
}
