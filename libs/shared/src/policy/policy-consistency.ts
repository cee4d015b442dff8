import type { ErrorDetail } from '../errors/gateway-error';
import type { EffectivePolicy } from './effective-policy';

/**
 * Rules that hold across fields, checked on the effective policy (a tenant's version over its tier's defaults, or
 * a tier's defaults alone) when a version is written, since a field may rely on one the tier provides. Each issue
 * is located under `location` (the document in the request, or the version being restored).
 */
export function policyConsistencyIssues(effective: EffectivePolicy, location: string): ErrorDetail[] {
  const filter = effective.guardrails?.contentFilter;
  if (filter?.moderateOutput !== true) return [];
  const missing = [
    ...(filter.moderation ? [] : ['contentFilter.moderation (the moderation model)']),
    ...((filter.blockedCategories ?? []).length > 0 ? [] : ['contentFilter.blockedCategories']),
  ];
  if (missing.length === 0) return [];
  return [
    {
      location: `${location}.guardrails.contentFilter.moderateOutput`,
      message: `moderates completions, but the effective policy has no ${missing.join(' and no ')}`,
      fix: 'Set contentFilter.moderation to a moderations route and list blockedCategories, or set moderateOutput to false.',
    },
  ];
}
