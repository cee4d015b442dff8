import type { Provider } from '@nestjs/common';
import { ANSWER_CACHE } from '../routing/degradation/answer-cache';
import { CacheLookupStage } from './cache-lookup.stage';
import { Coalescing } from './coalescing';
import { EmbeddingBatcher } from './embeddings/embedding-batcher';
import { EmbeddingVectorStore } from './embeddings/embedding-vector-store';
import { EmbeddingsStage } from './embeddings/embeddings.stage';
import { ExactAnswerStore } from './exact/exact-answer-store';
import { StaleAnswerCache } from './exact/stale-answer-cache';
import { PromptEmbedder } from './semantic/prompt-embedder';
import { SemanticAnswerCache } from './semantic/semantic-answer-cache';

/** The caches and batching of the data plane (issue 9), for DataPlaneModule. */
export const CACHE_PROVIDERS: Provider[] = [
  ExactAnswerStore,
  Coalescing,
  EmbeddingBatcher,
  EmbeddingVectorStore,
  PromptEmbedder,
  SemanticAnswerCache,
  CacheLookupStage,
  EmbeddingsStage,
  // Degradation's serveCached: the exact cache's answer, stale ones included.
  { provide: ANSWER_CACHE, useClass: StaleAnswerCache },
];
