import { collectPromptTexts } from '../../guardrails/prompt-texts';
import { DETECTABLE_PII_TYPES, detectorsFor, findPii } from '../../guardrails/pii/detect-pii';
import type { RequestContext } from '../../pipeline/request-context';

const EVERY_DETECTOR = detectorsFor(new Set(DETECTABLE_PII_TYPES));

/**
 * Whether the prompt holds personal data of any kind the guardrails detect. Routing asks only when a policy sends
 * such requests elsewhere (routing.sensitiveData.piiLocalOnly, a rule on `sensitive`) and the input guardrails did
 * not already find some: the tenant's guardrails may look for fewer kinds, or none, and data sensitivity must not
 * depend on them.
 */
export function promptContainsPii(context: RequestContext): boolean {
  return collectPromptTexts(context.endpoint, context.body).some(
    (prompt) => findPii(prompt.text, EVERY_DETECTOR).length > 0,
  );
}
