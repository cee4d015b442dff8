import { Injectable } from '@nestjs/common';
import { PolicyCatalog } from '../../catalog/policy-catalog';
import { RouteCatalog } from '../../catalog/route-catalog';
import { allowedByPolicy } from '../../routing/allowed-by-policy';
import { EmbeddingBatcher } from '../embeddings/embedding-batcher';
import { EMBEDDING_DIMENSIONS, embedOffline, normalised } from './offline-embedder';

/**
 * Embeds the semantic cache's questions: with the tenant's embeddings model when its policy names one
 * (cache.semantic.embeddingModel, an OpenAI-compatible route of the tenant asked for 256 dimensions, and cut or padded
 * to 256 when it answers another size), else with the built-in offline embedder. Upstream calls go through the
 * embeddings batcher, so concurrent lookups share calls. The prompt goes there, so the policy's allowed providers
 * and regions apply (a route with no deployment left throws, and the cache is skipped like any embedding failure).
 */
@Injectable()
export class PromptEmbedder {
  constructor(
    private readonly routes: RouteCatalog,
    private readonly policies: PolicyCatalog,
    private readonly batcher: EmbeddingBatcher,
  ) {}

  async embed(tenantId: string, text: string, embeddingModel: string | undefined): Promise<Float32Array> {
    if (!embeddingModel) return embedOffline(text);
    const route = await this.routes.find(tenantId, embeddingModel);
    const policy = this.policies.cached(tenantId) ?? (await this.policies.load(tenantId));
    const allowed = route ? allowedByPolicy(route.deployments, policy, embeddingModel) : [];
    const deployment = allowed.find((candidate) => candidate.provider === 'openai');
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
