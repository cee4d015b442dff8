import { Injectable } from '@nestjs/common';
import { GatewayError } from '@llmguard/shared';
import { ContentModeration } from './content/moderation';
import type { InputGuardrailConfig } from './guardrail-config';
import { InjectionClassifier } from './injection/injection-classifier';
import type { PromptInspection } from './inspect-prompt';

/** What the model layers did: whether the classifier was asked and answered. */
export type ScreeningOutcome = { injectionClassifier?: 'scored' | 'unavailable' };

/**
 * The model layers of the input guardrails, asked at the same time so their waits overlap: the prompt-injection
 * classifier (only while the heuristics stay under the threshold: above it the verdict is made) and the moderation
 * model of the content filter's categories. Their findings go into the inspection; a model that cannot answer
 * fails open or, when its policy says `onError: block`, closed (503).
 */
@Injectable()
export class ModelScreening {
  constructor(
    private readonly classifier: InjectionClassifier,
    private readonly moderation: ContentModeration,
  ) {}

  async screen(
    tenantId: string,
    inspection: PromptInspection,
    config: InputGuardrailConfig,
  ): Promise<ScreeningOutcome> {
    if (!config.screensWithModels || inspection.screenedTexts.length === 0) return {};
    const [classified] = await Promise.all([
      this.askClassifier(tenantId, inspection, config),
      this.askModeration(tenantId, inspection, config),
    ]);
    return classified ? { injectionClassifier: classified } : {};
  }

  private async askClassifier(tenantId: string, inspection: PromptInspection, config: InputGuardrailConfig) {
    const classifier = config.injectionClassifier;
    if (!classifier || inspection.injection.score >= config.injectionThreshold) return undefined;
    const result = await this.classifier.classify(tenantId, inspection.screenedTexts, classifier);
    if ('unavailable' in result) {
      if (classifier.onError === 'block')
        throw modelUnavailable('prompt-injection classifier', classifier.model, result.unavailable);
      return 'unavailable';
    }
    if (result.score > inspection.injection.score) {
      const score = Math.round(result.score * 1000) / 1000;
      inspection.injection = { score, techniques: [...inspection.injection.techniques, 'classifier'] };
    }
    return 'scored';
  }

  private async askModeration(tenantId: string, inspection: PromptInspection, config: InputGuardrailConfig) {
    const moderation = config.moderation;
    if (!moderation) return;
    const result = await this.moderation.moderate(
      tenantId,
      inspection.screenedTexts,
      moderation.categories,
      moderation.config,
    );
    if ('categories' in result) inspection.categoriesFlagged = result.categories;
    else if (moderation.config.onError === 'block') {
      throw modelUnavailable('moderation model', moderation.config.model, result.unavailable);
    }
  }
}

/** The 503 of a guardrail model that did not answer when the policy refuses what it cannot check (`onError: block`). */
export function modelUnavailable(
  what: string,
  model: string,
  reason: string,
  unchecked: 'prompts' | 'answers' = 'prompts',
): GatewayError {
  return new GatewayError('service_unavailable', {
    publicMessage: `The ${what} did not answer, and your tenant's policy refuses ${unchecked} it cannot check. Retry in a moment.`,
    internalMessage: `${what} ${model}: ${reason}`,
  });
}
