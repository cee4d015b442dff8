import type { Guardrails, PiiAction, PiiEntityType, PromptInjectionAction } from '@llmguard/shared';
import { compileTermFilter, type TermFilter } from './content/term-filter';
import type { ContentCategory, ModerationConfig } from './content/moderation';
import type { InjectionClassifierConfig } from './injection/injection-classifier';
import { DETECTABLE_PII_TYPES, detectorsFor } from './pii/detect-pii';
import type { PiiDetector } from './pii/pii-finding';

/** The score from which a prompt counts as an injection when the policy names no threshold. */
export const DEFAULT_INJECTION_THRESHOLD = 0.5;

/** What the input guardrails do for one tenant, compiled once per effective policy. */
export type InputGuardrailConfig = {
  /** The action per kind looked for (kinds that are off are absent). */
  piiActions: ReadonlyMap<PiiEntityType, Exclude<PiiAction, 'off'>>;
  /** The detectors of those kinds, in precedence order. */
  piiDetectors: readonly PiiDetector[];
  injectionAction: PromptInjectionAction;
  injectionThreshold: number;
  /** The classifier model asked when the heuristics score under the threshold, if the policy names one. */
  injectionClassifier: InjectionClassifierConfig | undefined;
  /** The tenant's blocked terms (contentFilter.blockedTerms less allowedTerms), if any. */
  termFilter: TermFilter | undefined;
  termAction: ContentFilterAction;
  /** The moderation model and the categories it checks (contentFilter.blockedCategories), when both are set. */
  moderation: CategoryModeration | undefined;
  /** Whether a model layer (classifier, moderation) needs the user and tool texts. */
  screensWithModels: boolean;
  /** False when nothing is on: the stage returns at once. */
  active: boolean;
};

/** What a blocked term does: refused in prompts and masked in completions, or only reported. */
export type ContentFilterAction = 'flag' | 'block';

/** The moderation model and the categories it checks, as both sides of the content filter use them. */
export type CategoryModeration = { config: ModerationConfig; categories: readonly ContentCategory[] };

/** What the output guardrails do with completions, compiled once per effective policy. */
export type OutputGuardrailConfig = {
  /** The action per kind looked for in completions (kinds that are off are absent). */
  piiActions: ReadonlyMap<PiiEntityType, Exclude<PiiAction, 'off'>>;
  piiDetectors: readonly PiiDetector[];
  termFilter: TermFilter | undefined;
  termAction: ContentFilterAction;
  /** Whether completions are scanned and rewritten (personal data, blocked terms). */
  active: boolean;
  /**
   * The moderation model that judges completions (contentFilter.moderateOutput), when the policy has one and
   * categories to block. It never rewrites an answer: it lets it through or replaces it (termAction says which).
   */
  moderation: CategoryModeration | undefined;
};

/**
 * A compile step cached per guardrails section object, which the policy catalog keeps until the policy changes;
 * a policy without the section gets the compiled empty section.
 */
function cachedPerSection<Config>(compileSection: (guardrails: Guardrails) => Config) {
  const cache = new WeakMap<object, Config>();
  const nothing = compileSection({});
  return (guardrails: Guardrails | undefined): Config => {
    if (!guardrails) return nothing;
    let config = cache.get(guardrails);
    if (!config) {
      config = compileSection(guardrails);
      cache.set(guardrails, config);
    }
    return config;
  };
}

/**
 * The input side of a policy's guardrails section. A kind's action is `pii.entities[kind].input` if set, else
 * `pii.inputAction` for the kinds `pii.entityTypes` lists (every kind when absent), else off.
 */
export const inputGuardrailsOf = cachedPerSection(compile);

/** The output side: `pii.entities[kind].output`, else `pii.outputAction` for the listed kinds, else off. */
export const outputGuardrailsOf = cachedPerSection(compileOutput);

function compileOutput(guardrails: Guardrails): OutputGuardrailConfig {
  const piiActions = piiActionsOf(guardrails, 'output');
  const termFilter = termFilterOf(guardrails);
  return {
    piiActions,
    piiDetectors: detectorsFor(new Set(piiActions.keys()), guardrails.pii?.phoneRegions),
    termFilter,
    termAction: guardrails.contentFilter?.action ?? 'block',
    active: piiActions.size > 0 || termFilter !== undefined,
    moderation: guardrails.contentFilter?.moderateOutput ? categoryModerationOf(guardrails) : undefined,
  };
}

function categoryModerationOf(guardrails: Guardrails): CategoryModeration | undefined {
  const categories = guardrails.contentFilter?.blockedCategories ?? [];
  const config = guardrails.contentFilter?.moderation;
  return config && categories.length > 0 ? { config, categories } : undefined;
}

function termFilterOf(guardrails: Guardrails): TermFilter | undefined {
  const filter = guardrails.contentFilter;
  return compileTermFilter(filter?.blockedTerms ?? [], filter?.allowedTerms ?? []);
}

function piiActionsOf(guardrails: Guardrails, side: 'input' | 'output') {
  const pii = guardrails.pii ?? {};
  const listed = pii.entityTypes ? new Set<PiiEntityType>(pii.entityTypes) : undefined;
  const sectionAction = side === 'input' ? pii.inputAction : pii.outputAction;
  const piiActions = new Map<PiiEntityType, Exclude<PiiAction, 'off'>>();
  for (const type of DETECTABLE_PII_TYPES) {
    const fallback = !listed || listed.has(type) ? sectionAction : undefined;
    const action = pii.entities?.[type]?.[side] ?? fallback ?? 'off';
    if (action !== 'off') piiActions.set(type, action);
  }
  return piiActions;
}

function compile(guardrails: Guardrails): InputGuardrailConfig {
  const piiActions = piiActionsOf(guardrails, 'input');
  const injectionAction = guardrails.promptInjection?.action ?? 'off';
  const termFilter = termFilterOf(guardrails);
  const injectionClassifier = injectionAction === 'off' ? undefined : guardrails.promptInjection?.classifier;
  const moderation = categoryModerationOf(guardrails);
  return {
    piiActions,
    piiDetectors: detectorsFor(new Set(piiActions.keys()), guardrails.pii?.phoneRegions),
    injectionAction,
    injectionThreshold: guardrails.promptInjection?.threshold ?? DEFAULT_INJECTION_THRESHOLD,
    injectionClassifier,
    termFilter,
    termAction: guardrails.contentFilter?.action ?? 'block',
    moderation,
    screensWithModels: injectionClassifier !== undefined || moderation !== undefined,
    active:
      piiActions.size > 0 ||
      injectionAction !== 'off' ||
      termFilter !== undefined ||
      moderation !== undefined,
  };
}
