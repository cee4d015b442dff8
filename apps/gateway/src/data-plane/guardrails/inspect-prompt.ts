import type { PiiEntityType } from '@llmguard/shared';
import type { Endpoint } from '../pipeline/request-context';
import { NO_INJECTION, scoreInjection, type InjectionScore } from './injection/score-injection';
import type { InputGuardrailConfig } from './guardrail-config';
import { labelOf, PlaceholderVault } from './placeholder-vault';
import { findPii } from './pii/detect-pii';
import { collectPromptTexts, injectionSourceOf, withReplacedTexts, type PromptText } from './prompt-texts';

/** What the input guardrails found in one request's prompt, and the prompt to send instead. */
export type PromptInspection = {
  /** Personal data found, per kind (kinds whose action is not off). Counts only: never the values. */
  piiCounts: Partial<Record<PiiEntityType, number>>;
  /** Kinds found whose action is block. */
  blockedTypes: PiiEntityType[];
  /** The highest injection score of the user and tool texts (none when injection scoring is off). */
  injection: InjectionScore;
  /** The user and tool texts, for the model layers (classifier, moderation); empty when none is configured. */
  screenedTexts: string[];
  /** Blocked content categories the moderation model found (set by the stage, after the model answers). */
  categoriesFlagged: string[];
  /** Blocked terms found in the user and tool texts: how many, and which list entries (the tenant's own words). */
  termHits: number;
  termsFound: string[];
  /** The body with masked and redacted values replaced; absent when nothing was replaced or the prompt is blocked. */
  rewrittenBody?: Record<string, unknown>;
  /** The values behind the placeholders, when any value was redacted. */
  vault?: PlaceholderVault;
};

/**
 * Runs every input guardrail over a request body in one pass over its texts: PII detection with each kind's
 * action, and prompt-injection scoring of user messages and tool results. Pure: the body is never modified.
 */
export function inspectPrompt(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  config: InputGuardrailConfig,
): PromptInspection {
  const piiCounts: Partial<Record<PiiEntityType, number>> = {};
  const blocked = new Set<PiiEntityType>();
  const replacements: { path: PromptText['path']; text: string }[] = [];
  const vault = new PlaceholderVault();
  let injection = NO_INJECTION;
  let termHits = 0;
  const termsFound = new Set<string>();
  const screenedTexts: string[] = [];
  for (const prompt of collectPromptTexts(endpoint, body)) {
    if (config.piiDetectors.length > 0) {
      const rewritten = applyPiiActions(prompt.text, config, piiCounts, blocked, vault);
      if (rewritten !== undefined) replacements.push({ path: prompt.path, text: rewritten });
    }
    // The tenant's own system prompt is neither scored nor filtered: only what users and tools bring.
    const source = injectionSourceOf(prompt.role);
    if (source && config.screensWithModels) screenedTexts.push(prompt.text);
    if (source && config.injectionAction !== 'off') {
      const score = scoreInjection(prompt.text, source);
      if (score.score > injection.score) injection = score;
    }
    if (source && config.termFilter) {
      for (const hit of config.termFilter.find(prompt.text)) {
        termHits += 1;
        termsFound.add(hit.term);
      }
    }
  }
  const rewrite = replacements.length > 0 && blocked.size === 0;
  return {
    piiCounts,
    blockedTypes: [...blocked],
    injection,
    screenedTexts,
    categoriesFlagged: [],
    termHits,
    termsFound: [...termsFound],
    rewrittenBody: rewrite ? withReplacedTexts(body, replacements) : undefined,
    vault: vault.size > 0 ? vault : undefined,
  };
}

/** Counts a text's findings and returns it with masked and redacted values replaced (undefined: unchanged). */
function applyPiiActions(
  text: string,
  config: InputGuardrailConfig,
  counts: Partial<Record<PiiEntityType, number>>,
  blocked: Set<PiiEntityType>,
  vault: PlaceholderVault,
): string | undefined {
  const findings = findPii(text, config.piiDetectors);
  if (findings.length === 0) return undefined;
  let rewritten = '';
  let copiedUntil = 0;
  for (const finding of findings) {
    counts[finding.type] = (counts[finding.type] ?? 0) + 1;
    const action = config.piiActions.get(finding.type);
    if (action === 'block') blocked.add(finding.type);
    if (action !== 'mask' && action !== 'redact') continue;
    const replacement =
      action === 'mask'
        ? `[${labelOf(finding.type)}]`
        : vault.placeholderFor(finding.type, text.slice(finding.start, finding.end));
    rewritten += text.slice(copiedUntil, finding.start) + replacement;
    copiedUntil = finding.end;
  }
  return copiedUntil === 0 ? undefined : rewritten + text.slice(copiedUntil);
}
