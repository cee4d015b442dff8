import type { PolicyDocument } from './policy-document.schema';

/**
 * The policy in force for a tenant: what the data plane enforces and the portal shows. Same shape as a document;
 * an absent field means "no rule" (no limit, feature off, everything allowed).
 */
export type EffectivePolicy = PolicyDocument;

/**
 * The effective policy of a tenant: its tier's defaults overlaid by its current version. Objects merge field by
 * field at every depth (a tenant that sets only `budgets.dailyCapMicros` keeps the tier's monthly cap); arrays and
 * scalars replace (a tenant's `allowedProviders` is the whole list, not added to the tier's). Absent fields inherit.
 * Pure: neither input is modified, and the result shares no object with them.
 */
export function computeEffectivePolicy(
  tierDefaults: PolicyDocument,
  tenantVersion: PolicyDocument | null,
): EffectivePolicy {
  return deepMerge(tierDefaults, tenantVersion ?? {}) as EffectivePolicy;
}

type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: PlainObject, overlay: PlainObject): PlainObject {
  const merged: PlainObject = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(overlay)])) {
    const under = base[key];
    const over = overlay[key];
    if (over === undefined) {
      if (under !== undefined) merged[key] = structuredClone(under);
    } else if (isPlainObject(over) && isPlainObject(under)) {
      merged[key] = deepMerge(under, over);
    } else {
      merged[key] = structuredClone(over);
    }
  }
  return merged;
}
