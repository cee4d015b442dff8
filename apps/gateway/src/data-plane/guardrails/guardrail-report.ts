import { GatewayError, type GuardrailSummary, type PiiEntityType } from '@llmguard/shared';
import type { RequestContext } from '../pipeline/request-context';
import type { InputGuardrailConfig } from './guardrail-config';
import type { PromptInspection } from './inspect-prompt';

/** Response header that tells the caller what the guardrails found: `pii=email:2,phone_number:1;injection=0.93`. */
export const GUARDRAILS_HEADER = 'x-llmguard-guardrails';

/** The counts-only summary of an inspection, as the usage event and the audit trail carry it. */
export function summarize(inspection: PromptInspection, config: InputGuardrailConfig): GuardrailSummary {
  const piiActions: GuardrailSummary['piiActions'] = {};
  for (const type of Object.keys(inspection.piiCounts) as PiiEntityType[]) {
    const action = config.piiActions.get(type);
    if (action) piiActions[type] = action;
  }
  const scored = config.injectionAction !== 'off';
  const injectionFlagged = scored && inspection.injection.score >= config.injectionThreshold;
  return {
    piiFound: { ...inspection.piiCounts },
    piiActions,
    injectionScore: scored ? inspection.injection.score : null,
    injectionFlagged,
    blockedBy: blockedBy(inspection, config, injectionFlagged),
    ...(inspection.termHits > 0 ? { termHits: inspection.termHits } : {}),
    ...(inspection.categoriesFlagged.length > 0
      ? { categoriesFlagged: [...inspection.categoriesFlagged] }
      : {}),
  };
}

function blockedBy(inspection: PromptInspection, config: InputGuardrailConfig, injectionFlagged: boolean) {
  if (inspection.blockedTypes.length > 0) return 'pii';
  if (injectionFlagged && config.injectionAction === 'block') return 'prompt_injection';
  const filtered = inspection.termHits > 0 || inspection.categoriesFlagged.length > 0;
  return filtered && config.termAction === 'block' ? 'content_filter' : null;
}

/** The request's guardrail summary, made empty on first use (a request whose prompt nothing was found in). */
export function summaryOf(context: Pick<RequestContext, 'guardrails'>): GuardrailSummary {
  return (context.guardrails ??= {
    piiFound: {},
    piiActions: {},
    injectionScore: null,
    injectionFlagged: false,
    blockedBy: null,
  });
}

/** The header value, or undefined when there is nothing to report. */
export function guardrailsHeaderValue(summary: GuardrailSummary): string | undefined {
  const parts: string[] = [];
  const found = Object.entries(summary.piiFound);
  if (found.length > 0) parts.push(`pii=${found.map(([type, count]) => `${type}:${count}`).join(',')}`);
  if (summary.injectionFlagged && summary.injectionScore !== null) {
    parts.push(`injection=${summary.injectionScore.toFixed(2)}`);
  }
  if (summary.termHits) parts.push(`terms=${summary.termHits}`);
  if (summary.categoriesFlagged) parts.push(`categories=${summary.categoriesFlagged.join(',')}`);
  if (summary.outputCategoriesFlagged)
    parts.push(`output-categories=${summary.outputCategoriesFlagged.join(',')}`);
  const outputFound = Object.entries(summary.outputPiiFound ?? {});
  if (outputFound.length > 0)
    parts.push(`output-pii=${outputFound.map(([type, count]) => `${type}:${count}`).join(',')}`);
  return parts.length > 0 ? parts.join(';') : undefined;
}

/** The 400 a blocked prompt gets, in the client's wire format: it names the kinds and the rule, never a value. */
export function guardrailRefusal(summary: GuardrailSummary, inspection: PromptInspection, threshold: number) {
  const blockedTypes = inspection.blockedTypes;
  if (summary.blockedBy === 'pii') {
    const kinds = blockedTypes.map((type) => `${type} (${summary.piiFound[type] ?? 0})`).join(', ');
    return new GatewayError('guardrail_blocked', {
      publicMessage: `The prompt contains personal data that your tenant's policy does not allow to be sent: ${kinds}. Remove it and retry, or ask your administrator about guardrails.pii.`,
    });
  }
  if (summary.blockedBy === 'content_filter') {
    const terms = inspection.termsFound.slice(0, 5).map((term) => `"${term}"`);
    const categories = inspection.categoriesFlagged.map((category) => `category ${category}`);
    return new GatewayError('guardrail_blocked', {
      publicMessage: `The prompt contains content your tenant's policy blocks: ${[...terms, ...categories].join(', ')}. Rephrase it, or ask your administrator about guardrails.contentFilter.`,
    });
  }
  return new GatewayError('guardrail_blocked', {
    publicMessage: `The prompt was refused as a likely prompt injection (score ${(summary.injectionScore ?? 0).toFixed(2)}, your tenant's threshold ${threshold}). Rephrase it, or ask your administrator about guardrails.promptInjection.`,
  });
}
