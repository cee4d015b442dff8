import { Injectable } from '@nestjs/common';
import type { Guardrails } from '@llmguard/shared';
import { GuardrailModelClient } from '../guardrail-model-client';

export type InjectionClassifierConfig = NonNullable<NonNullable<Guardrails['promptInjection']>['classifier']>;

/** The classifier's verdict: the highest injection probability of the texts, or why there is none. */
export type ClassifierResult = { score: number } | { unavailable: string };

// Texts longer than this are cut: prompt-guard models read at most a few hundred tokens per text.
const MAX_TEXT_CHARS = 8_000;

/**
 * The optional model layer of prompt-injection detection: the texts go in one batch to a sequence-classification
 * model behind one of the tenant's routes (vLLM's or SGLang's classify API).
 * @see https://docs.vllm.ai/en/stable/models/pooling_models/classify/
 */
@Injectable()
export class InjectionClassifier {
  constructor(private readonly client: GuardrailModelClient) {}

  async classify(
    tenantId: string,
    texts: readonly string[],
    config: InjectionClassifierConfig,
  ): Promise<ClassifierResult> {
    const input = texts.map((text) => text.slice(0, MAX_TEXT_CHARS));
    const answer = await this.client.post(
      tenantId,
      config.model,
      'classify',
      (model) => ({ model, input }),
      config.timeoutMs,
    );
    if ('unavailable' in answer) return answer;
    return (
      scoreOf(answer.json, config.positiveClassIndex) ?? { unavailable: 'classifier answer has no probs' }
    );
  }
}

/** The highest probability of the injection class over the answer's results; undefined when there is none. */
export function scoreOf(answer: unknown, positiveClassIndex: number): ClassifierResult | undefined {
  const data = (answer as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length === 0) return undefined;
  let score = 0;
  for (const result of data as { probs?: unknown }[]) {
    const probability = Array.isArray(result?.probs) ? result.probs[positiveClassIndex] : undefined;
    if (typeof probability !== 'number' || probability < 0 || probability > 1) return undefined;
    score = Math.max(score, probability);
  }
  return { score };
}
