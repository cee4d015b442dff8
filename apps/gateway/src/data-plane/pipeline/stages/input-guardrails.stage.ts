import { Injectable } from '@nestjs/common';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import {
  GUARDRAILS_HEADER,
  guardrailRefusal,
  guardrailsHeaderValue,
  summarize,
} from '../../guardrails/guardrail-report';
import { inputGuardrailsOf, outputGuardrailsOf } from '../../guardrails/guardrail-config';
import { inspectPrompt } from '../../guardrails/inspect-prompt';
import { ModelScreening } from '../../guardrails/model-screening';
import type { RequestContext } from '../request-context';
import type { Stage } from '../stage';

/**
 * The tenant's input guardrails (and, for the responder, its output guardrails), before routing (so personal data
 * can steer the route, see `containsPii`) and before admission: personal data per kind (detect, mask, redact with
 * placeholders the response gets back, block), prompt-injection scoring (flag or block above the threshold), the
 * content filter (blocked terms, moderated categories), and the model layers. A refusal is a 400 naming what was
 * found, never the values; what was found travels on as counts in a response header and the usage event.
 */
@Injectable()
export class InputGuardrailsStage implements Stage {
  readonly name = 'input-guardrails';

  constructor(
    private readonly policies: PolicyCatalog,
    private readonly screening: ModelScreening,
  ) {}

  async run(context: RequestContext): Promise<void> {
    const key = context.apiKey;
    if (!key) throw new Error('input-guardrails stage ran before authenticate');
    const policy = this.policies.cached(key.tenantId) ?? (await this.policies.load(key.tenantId));
    const output = outputGuardrailsOf(policy.policy.guardrails);
    if (output.active || output.moderation) context.outputGuardrails = output;
    const config = inputGuardrailsOf(policy.policy.guardrails);
    // Multipart uploads (audio) carry no prompt text the guardrails read.
    if (!config.active || context.upload) return;
    const inspection = inspectPrompt(context.endpoint, context.body, config);
    const screened = await this.screening.screen(key.tenantId, inspection, config);
    const summary = { ...summarize(inspection, config), ...screened };
    context.guardrails = summary;
    context.containsPii = Object.keys(summary.piiFound).length > 0;
    const header = guardrailsHeaderValue(summary);
    if (header) (context.responseHeaders ??= {})[GUARDRAILS_HEADER] = header;
    if (summary.blockedBy) throw guardrailRefusal(summary, inspection, config.injectionThreshold);
    if (inspection.rewrittenBody) context.body = inspection.rewrittenBody;
    context.placeholders = inspection.vault;
  }
}
