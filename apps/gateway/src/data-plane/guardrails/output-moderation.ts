import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import type { Endpoint, RequestContext } from '../pipeline/request-context';
import { ContentModeration } from './content/moderation';
import type { CategoryModeration } from './guardrail-config';
import { GUARDRAILS_HEADER, guardrailsHeaderValue, summaryOf } from './guardrail-report';
import { modelUnavailable } from './model-screening';
import { generatedTextsOf } from './rewrite-response';

// Endpoints whose answers are generated text the moderation model can judge.
const MODERATED_ENDPOINTS: ReadonlySet<Endpoint> = new Set([
  'chat/completions',
  'completions',
  'responses',
  'messages',
]);

/** The moderation that judges this request's answer (contentFilter.moderateOutput), if any. */
export function outputModerationOf(
  context: Pick<RequestContext, 'endpoint' | 'outputGuardrails'>,
): CategoryModeration | undefined {
  const moderation = context.outputGuardrails?.moderation;
  return moderation && MODERATED_ENDPOINTS.has(context.endpoint) ? moderation : undefined;
}

/**
 * Output moderation: the completion the client is about to get goes to the tenant's moderation model, whatever
 * made it (an upstream, in the client's format or translated to it, or an answer cache, whose entry may predate
 * the policy). A blocked category replaces the answer by `output_blocked` when the content filter blocks, and is
 * only reported when it flags; a model that does not answer fails open or closed per `moderation.onError`. The
 * verdict goes into the request's guardrail summary (usage event, audit entry) either way; the tokens are metered
 * as usual, since the upstream spent them.
 */
@Injectable()
export class OutputModeration {
  constructor(private readonly moderation: ContentModeration) {}

  /** Judges a complete JSON answer before it is sent: throws the error that replaces it, if one does. */
  async checkJson(context: RequestContext, body: Buffer): Promise<void> {
    const failure = await this.judge(context, generatedTextsOf(body));
    const header = context.guardrails ? guardrailsHeaderValue(context.guardrails) : undefined;
    if (header) (context.responseHeaders ??= {})[GUARDRAILS_HEADER] = header;
    if (failure) throw failure;
  }

  /** Judges an answer's generated texts: the error that replaces the answer, or undefined when it may go out. */
  async judge(context: RequestContext, texts: readonly string[]): Promise<GatewayError | undefined> {
    const moderation = outputModerationOf(context);
    const tenantId = context.apiKey?.tenantId;
    if (!moderation || !tenantId || texts.length === 0) return undefined;
    const { config, categories } = moderation;
    const result = await this.moderation.moderate(tenantId, texts, categories, config);
    const summary = summaryOf(context);
    if ('unavailable' in result) {
      summary.outputModeration = 'unavailable';
      return config.onError === 'block'
        ? modelUnavailable('moderation model', config.model, result.unavailable, 'answers')
        : undefined;
    }
    summary.outputModeration = 'moderated';
    if (result.categories.length === 0) return undefined;
    summary.outputCategoriesFlagged = result.categories;
    if (context.outputGuardrails?.termAction !== 'block') return undefined;
    summary.blockedBy = 'content_filter';
    return new GatewayError('output_blocked', {
      publicMessage: `The model's answer was withheld: the moderation model put it in a category your tenant's policy blocks (${result.categories.map((category) => `category ${category}`).join(', ')}). Its tokens are billed. Rephrase the prompt, or ask your administrator about guardrails.contentFilter.`,
    });
  }
}
