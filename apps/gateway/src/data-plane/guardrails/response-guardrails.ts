import type { GuardrailSummary } from '@llmguard/shared';
import type { RequestContext } from '../pipeline/request-context';
import { OutputPiiScanner } from './output-pii-scanner';
import { StreamingRestorer } from './placeholder-vault';
import { chainTransforms, type StreamTextTransform } from './stream-text-transform';

/**
 * What a request's answer goes through, if anything: its prompt's placeholders restored, then the output PII
 * actions. What the output scan finds is counted in the request's guardrail summary, which the usage event and
 * the audit trail read once the answer is over.
 */
export function responseTransformOf(context: RequestContext): StreamTextTransform | undefined {
  const restorer = context.placeholders ? new StreamingRestorer(context.placeholders) : undefined;
  const output = context.outputGuardrails;
  if (!output?.active) return restorer;
  const scanner = new OutputPiiScanner(output, (type, action) => {
    const summary = (context.guardrails ??= emptySummary());
    const found = (summary.outputPiiFound ??= {});
    found[type] = (found[type] ?? 0) + 1;
    (summary.outputPiiActions ??= {})[type] = action;
  });
  return restorer ? chainTransforms(restorer, scanner) : scanner;
}

function emptySummary(): GuardrailSummary {
  return { piiFound: {}, piiActions: {}, injectionScore: null, injectionFlagged: false, blockedBy: null };
}
