import { Inject, Injectable } from '@nestjs/common';
import { countTextTokens, type GatewayEnv } from '@llmguard/shared';
import { UpstreamPool } from '../../../clients/upstream-pool';
import { GATEWAY_ENV } from '../../../config';
import type { ResolvedDeployment } from '../../catalog/route-catalog';
import { callUpstreamEmbeddings } from './upstream-embeddings';

/** The vectors of one caller's texts, and the upstream tokens that are theirs to pay. */
export type EmbeddedTexts = {
  vectors: Float32Array[];
  /** Their share of the call's tokens; undefined when the upstream reported none. */
  promptTokens: number | undefined;
  /** Tokens per text (the upstream's count split in proportion to the tokenizer's), for the vector cache. */
  tokensPerText: number[];
};

/** Wraps the upstream call (metrics, trace span); a batch's call is observed under the request that opened it. */
export type ObserveCall = <T>(call: () => Promise<T>) => Promise<T>;

type Waiter = {
  texts: readonly string[];
  resolve: (embedded: EmbeddedTexts) => void;
  reject: (error: unknown) => void;
};

type OpenBatch = {
  deployment: ResolvedDeployment;
  dimensions: number | undefined;
  observe: ObserveCall;
  waiters: Waiter[];
  size: number;
};

const UNOBSERVED: ObserveCall = (call) => call();

/**
 * Dynamic batching of embeddings: texts that concurrent requests send to the same deployment (with the same
 * `dimensions`) are gathered for at most EMBEDDING_BATCH_WINDOW_MS, or until EMBEDDING_BATCH_MAX_INPUTS, into one
 * upstream call whose vectors are split back in order. Each caller pays its share of the call's tokens: the
 * upstream's total split in proportion to the tokenizer's count of each text (largest remainder), so the shares add
 * up to exactly what the upstream billed. A failed call fails every caller of the batch; the caller then sends its
 * request the ordinary way (retries, fallbacks). Per gateway instance.
 */
@Injectable()
export class EmbeddingBatcher {
  private readonly open = new Map<string, OpenBatch>();
  private readonly windowMs: number;
  private readonly maxInputs: number;
  /** Upstream calls made (for the benchmark and tests). */
  calls = 0;

  constructor(
    private readonly pool: UpstreamPool,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.windowMs = env.EMBEDDING_BATCH_WINDOW_MS;
    this.maxInputs = env.EMBEDDING_BATCH_MAX_INPUTS;
  }

  embed(
    deployment: ResolvedDeployment,
    texts: readonly string[],
    dimensions: number | undefined,
    observe: ObserveCall = UNOBSERVED,
  ): Promise<EmbeddedTexts> {
    if (this.windowMs === 0 || texts.length >= this.maxInputs) {
      return this.send({ deployment, dimensions, observe, waiters: [], size: 0 }, texts);
    }
    const key = `${deployment.id}\u0000${dimensions ?? ''}`;
    let batch = this.open.get(key);
    if (batch && batch.size + texts.length > this.maxInputs) {
      this.flush(key, batch);
      batch = undefined;
    }
    if (!batch) {
      const opened: OpenBatch = { deployment, dimensions, observe, waiters: [], size: 0 };
      this.open.set(key, opened);
      setTimeout(() => this.flush(key, opened), this.windowMs).unref();
      batch = opened;
    }
    const open = batch;
    return new Promise((resolve, reject) => {
      open.waiters.push({ texts, resolve, reject });
      open.size += texts.length;
      if (open.size >= this.maxInputs) this.flush(key, open);
    });
  }

  private flush(key: string, batch: OpenBatch): void {
    if (this.open.get(key) !== batch) return;
    this.open.delete(key);
    const texts = batch.waiters.flatMap((waiter) => waiter.texts);
    this.send(batch, texts).then(
      (embedded) => {
        let offset = 0;
        for (const waiter of batch.waiters) {
          const end = offset + waiter.texts.length;
          const tokensPerText = embedded.tokensPerText.slice(offset, end);
          waiter.resolve({
            vectors: embedded.vectors.slice(offset, end),
            promptTokens: embedded.promptTokens === undefined ? undefined : sum(tokensPerText),
            tokensPerText,
          });
          offset = end;
        }
      },
      (error: unknown) => batch.waiters.forEach((waiter) => waiter.reject(error)),
    );
  }

  private async send(batch: OpenBatch, texts: readonly string[]): Promise<EmbeddedTexts> {
    this.calls += 1;
    const answer = await batch.observe(() =>
      callUpstreamEmbeddings(this.pool, batch.deployment, texts, batch.dimensions),
    );
    const counted = texts.map((text) => Math.max(1, countTextTokens(text)));
    const tokensPerText =
      answer.promptTokens === undefined ? counted : apportion(answer.promptTokens, counted);
    return { vectors: answer.vectors, promptTokens: answer.promptTokens, tokensPerText };
  }
}

/** Splits a whole `total` in proportion to `weights`, by largest remainder: the parts add up to `total` exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const weightSum = sum(weights);
  if (weightSum === 0) return weights.map((_, index) => (index === 0 ? total : 0));
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const parts = exact.map(Math.floor);
  let left = total - sum(parts);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
