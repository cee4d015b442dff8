import { Injectable } from '@nestjs/common';
import { RouteCatalog } from '../../catalog/route-catalog';
import { EmbeddingBatcher } from '../embeddings/embedding-batcher';
import { EMBEDDING_DIMENSIONS, embedOffline, normalised } from './offline-embedder';

/**
 * Embeds the semantic cache's questions: with the tenant's embeddings model when its policy names one
 * (cache.semantic.embeddingModel, an OpenAI-compatible route of the tenant asked for 256 dimensions, and cut or padded
 * to 256 when it answers another size), else with the built-in offline embedder. Upstream calls go through the
 * embeddings batcher, so concurrent lookups share calls.
 */
@Injectable()
export class PromptEmbedder {
  constructor(
    private readonly routes: RouteCatalog,
    private readonly batcher: EmbeddingBatcher,
  ) {}

  async embed(tenantId: string, text: string, embeddingModel: string | undefined): Promise<Float32Array> {
    if (!embeddingModel) return embedOffline(text);
    const route = await this.routes.find(tenantId, embeddingModel);
    const deployment = route?.deployments.find((candidate) => candidate.provider === 'openai');
    if (!deployment) {
      throw new Error(`the embeddings model ${embeddingModel} has no OpenAI-compatible deployment`);
    }
    const { vectors } = await this.batcher.embed(deployment, [text], EMBEDDING_DIMENSIONS);
    const vector = vectors[0];
    if (!vector) throw new Error('the embeddings deployment returned no vector');
    return fitted(vector);
  }
}

/** A vector of EMBEDDING_DIMENSIONS, L2-normalised: truncated (Matryoshka-style) or zero-padded as needed. */
function fitted(vector: Float32Array): Float32Array {
  const out = new Float32Array(EMBEDDING_DIMENSIONS);
  out.set(vector.subarray(0, EMBEDDING_DIMENSIONS));
  return normalised(out);
}
