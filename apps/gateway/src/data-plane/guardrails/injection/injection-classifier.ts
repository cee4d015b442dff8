import { Injectable, Logger } from '@nestjs/common';
import type { Guardrails } from '@llmguard/shared';
import { UpstreamPool } from '../../../clients/upstream-pool';
import { upstreamUrl } from '../../../clients/upstream-url';
import { RouteCatalog } from '../../catalog/route-catalog';

export type InjectionClassifierConfig = NonNullable<NonNullable<Guardrails['promptInjection']>['classifier']>;

/** The classifier's verdict: the highest injection probability of the texts, or why there is none. */
export type ClassifierResult = { score: number } | { unavailable: string };

// Texts longer than this are cut: prompt-guard models read at most a few hundred tokens per text.
const MAX_TEXT_CHARS = 8_000;
const MAX_ANSWER_BYTES = 1 << 20;

/**
 * The optional model layer of prompt-injection detection: the texts go in one batch to a sequence-classification
 * model behind one of the tenant's routes (vLLM's or SGLang's classify API), with a hard timeout. Every failure
 * (no such route, no answer in time, a malformed answer) is reported, never thrown: the policy decides whether to
 * go on without it (fail open) or refuse (fail closed).
 * @see https://docs.vllm.ai/en/stable/models/pooling_models/classify/
 */
@Injectable()
export class InjectionClassifier {
  private readonly logger = new Logger(InjectionClassifier.name);

  constructor(
    private readonly routes: RouteCatalog,
    private readonly pool: UpstreamPool,
  ) {}

  async classify(
    tenantId: string,
    texts: readonly string[],
    config: InjectionClassifierConfig,
  ): Promise<ClassifierResult> {
    const deployment = (await this.routes.find(tenantId, config.model))?.deployments[0];
    if (!deployment) return { unavailable: `no route ${config.model}` };
    const url = upstreamUrl(`${deployment.baseUrl}/classify`);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), config.timeoutMs);
    try {
      const response = await this.pool
        .agentFor(Math.min(deployment.timeouts.connectMs, config.timeoutMs))
        .request({
          origin: url.origin,
          path: url.pathname + url.search,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(deployment.credential ? { authorization: `Bearer ${deployment.credential}` } : {}),
          },
          body: JSON.stringify({
            model: deployment.upstreamModel,
            input: texts.map((text) => text.slice(0, MAX_TEXT_CHARS)),
          }),
          signal: abort.signal,
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        });
      const body = await response.body.text();
      if (response.statusCode !== 200 || body.length > MAX_ANSWER_BYTES) {
        return this.unavailable(`classifier answered ${response.statusCode}`);
      }
      return scoreOf(body, config.positiveClassIndex) ?? this.unavailable('classifier answer has no probs');
    } catch (error) {
      return this.unavailable(
        abort.signal.aborted ? `no answer within ${config.timeoutMs} ms` : String(error),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(reason: string): ClassifierResult {
    this.logger.warn(`prompt-injection classifier unavailable: ${reason}`);
    return { unavailable: reason };
  }
}

/** The highest probability of the injection class over the answer's results; undefined when there is none. */
export function scoreOf(body: string, positiveClassIndex: number): ClassifierResult | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length === 0) return undefined;
  let score = 0;
  for (const result of data as { probs?: unknown }[]) {
    const probability = Array.isArray(result.probs) ? result.probs[positiveClassIndex] : undefined;
    if (typeof probability !== 'number' || probability < 0 || probability > 1) return undefined;
    score = Math.max(score, probability);
  }
  return { score };
}
