import { GatewayError } from '@llmguard/shared';
import type { RequestContext } from '../pipeline/request-context';
import type { OutputGuardrailConfig } from './guardrail-config';
import { summaryOf } from './guardrail-report';
import { OutputScanner, type OutputFinder } from './output-scanner';
import { labelOf, StreamingRestorer } from './placeholder-vault';
import { findPii } from './pii/detect-pii';
import { chainTransforms, type StreamTextTransform } from './stream-text-transform';

/** What an output finder reports: `<kind>:<action>` for personal data, `term` for a blocked term. */
type OnFound = (what: string) => void;

/**
 * The output guardrails' finders: personal data per the output actions (`detect` counts; `mask` and `redact` mask,
 * since a completion has nothing to restore; `block` masks too, and {@link outputPiiRefusal} then refuses the
 * answer), and blocked terms (masked as `[FILTERED]` when the content filter blocks, counted when it flags).
 */
export function outputFinders(config: OutputGuardrailConfig, onFound: OnFound): OutputFinder[] {
  const finders: OutputFinder[] = [];
  if (config.piiDetectors.length > 0) {
    finders.push((text) =>
      findPii(text, config.piiDetectors).map((finding) => {
        const action = config.piiActions.get(finding.type) ?? 'detect';
        return {
          start: finding.start,
          end: finding.end,
          replacement: action === 'detect' ? undefined : `[${labelOf(finding.type)}]`,
          record: () => onFound(`${finding.type}:${action}`),
        };
      }),
    );
  }
  const terms = config.termFilter;
  if (terms) {
    const replacement = config.termAction === 'block' ? '[FILTERED]' : undefined;
    finders.push((text) =>
      terms.find(text).map((hit) => ({ ...hit, replacement, record: () => onFound('term') })),
    );
  }
  return finders;
}

/**
 * What a request's answer goes through, if anything: its prompt's placeholders restored, then the output
 * guardrails. What they find is counted in the request's guardrail summary, which the usage event and the audit
 * trail read once the answer is over.
 */
/** Whether the guardrails rewrite this request's answer (placeholders to restore, output to scan). */
export function guardrailsRewriteAnswer(
  context: Pick<RequestContext, 'placeholders' | 'outputGuardrails'>,
): boolean {
  return context.placeholders !== undefined || context.outputGuardrails?.active === true;
}

export function responseTransformOf(context: RequestContext): StreamTextTransform | undefined {
  const restorer = context.placeholders ? new StreamingRestorer(context.placeholders) : undefined;
  const output = context.outputGuardrails;
  if (!output?.active) return restorer;
  const scanner = new OutputScanner(outputFinders(output, (what) => record(context, what)));
  return restorer ? chainTransforms(restorer, scanner) : scanner;
}

function record(context: RequestContext, what: string): void {
  const summary = summaryOf(context);
  if (what === 'term') {
    summary.outputTermHits = (summary.outputTermHits ?? 0) + 1;
    return;
  }
  const [type = '', action = 'detect'] = what.split(':');
  const found = (summary.outputPiiFound ??= {});
  found[type] = (found[type] ?? 0) + 1;
  (summary.outputPiiActions ??= {})[type] = action as 'detect';
}

/** Whether the policy blocks some kind of personal data in answers (the refusal is only looked for then). */
export function refusesOutputPii(context: Pick<RequestContext, 'outputGuardrails'>): boolean {
  for (const action of context.outputGuardrails?.piiActions.values() ?? [])
    if (action === 'block') return true;
  return false;
}

/**
 * The refusal of an answer in which the output guardrails found personal data whose output action is `block`: a JSON
 * answer is replaced by it, a stream ends with it at the first such value (text before it has gone out, the value,
 * masked in the scanner, never does). Undefined while nothing blocked was found.
 */
export function outputPiiRefusal(context: RequestContext): GatewayError | undefined {
  const summary = context.guardrails;
  const blocked = Object.entries(summary?.outputPiiActions ?? {}).filter(([, action]) => action === 'block');
  if (!summary || blocked.length === 0) return undefined;
  summary.blockedBy = 'pii';
  const kinds = blocked.map(([type]) => `${type} (${summary.outputPiiFound?.[type] ?? 1})`).join(', ');
  return new GatewayError('output_blocked', {
    publicMessage: `The model's answer was withheld: it contained personal data your tenant's policy blocks in answers: ${kinds}. Its tokens are billed. Rephrase the prompt, or ask your administrator about guardrails.pii.`,
  });
}
