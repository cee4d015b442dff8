import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import {
  GUARDRAILS_HEADER,
  guardrailRefusal,
  guardrailsHeaderValue,
  summarize,
} from '../../guardrails/guardrail-report';
import { inputGuardrailsOf, outputGuardrailsOf } from '../../guardrails/guardrail-config';
import { InjectionClassifier } from '../../guardrails/injection/injection-classifier';
import { inspectPrompt, type PromptInspection } from '../../guardrails/inspect-prompt';
import type { InputGuardrailConfig } from '../../guardrails/guardrail-config';
import type { RequestContext } from '../request-context';
import type { Stage } from '../stage';

/**
 * The tenant's input guardrails (and, for the responder, its output guardrails), before routing (so personal data can steer the route, see `containsPii`) and
 * before admission: personal data per kind (detect, mask, redact with placeholders the response gets back, block)
 * and prompt-injection scoring (flag or block above the threshold). A refusal is a 400 naming what was found,
 * never the values; what was found travels on as counts in a response header and the usage event.
 */
@Injectable()
export class InputGuardrailsStage implements Stage {
  readonly name = 'input-guardrails';

  constructor(
    private readonly policies: PolicyCatalog,
    private readonly classifier: InjectionClassifier,
  ) {}

  async run(context: RequestContext): Promise<void> {
    const key = context.apiKey;
    if (!key) throw new Error('input-guardrails stage ran before authenticate');
    const policy = this.policies.cached(key.tenantId) ?? (await this.policies.load(key.tenantId));
    const output = outputGuardrailsOf(policy.policy.guardrails);
    if (output.active) context.outputGuardrails = output;
    const config = inputGuardrailsOf(policy.policy.guardrails);
    // Multipart uploads (audio) carry no prompt text the guardrails read.
    if (!config.active || context.upload) return;
    const inspection = inspectPrompt(context.endpoint, context.body, config);
    const classified = await this.askClassifier(key.tenantId, inspection, config);
    const summary = summarize(inspection, config);
    if (classified) summary.injectionClassifier = classified;
    context.guardrails = summary;
    context.containsPii = Object.keys(summary.piiFound).length > 0;
    const header = guardrailsHeaderValue(summary);
    if (header) (context.responseHeaders ??= {})[GUARDRAILS_HEADER] = header;
    if (summary.blockedBy) throw guardrailRefusal(summary, inspection, config.injectionThreshold);
    if (inspection.rewrittenBody) context.body = inspection.rewrittenBody;
    context.placeholders = inspection.vault;
  }

  /**
   * The model layer, only when the heuristics stayed under the threshold (above it, the verdict is made). Its score
   * replaces the heuristics' when higher; when it cannot answer, the policy fails open or closed.
   */
  private async askClassifier(
    tenantId: string,
    inspection: PromptInspection,
    config: InputGuardrailConfig,
  ): Promise<'scored' | 'unavailable' | undefined> {
    const classifier = config.injectionClassifier;
    if (!classifier || inspection.injectionTexts.length === 0) return undefined;
    if (inspection.injection.score >= config.injectionThreshold) return undefined;
    const result = await this.classifier.classify(tenantId, inspection.injectionTexts, classifier);
    if ('score' in result) {
      if (result.score > inspection.injection.score) {
        const score = Math.round(result.score * 1000) / 1000;
        inspection.injection = { score, techniques: [...inspection.injection.techniques, 'classifier'] };
      }
      return 'scored';
    }
    if (classifier.onError === 'block') {
      throw new GatewayError('service_unavailable', {
        publicMessage:
          "The prompt-injection classifier did not answer, and your tenant's policy refuses prompts it cannot check. Retry in a moment.",
        internalMessage: `injection classifier ${classifier.model}: ${result.unavailable}`,
      });
    }
    return 'unavailable';
  }
}
