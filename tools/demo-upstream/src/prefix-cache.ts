// A simulated prefix (KV) cache, one per server process, like vLLM's automatic prefix caching: the prompt's tokens
// are cut into blocks of N tokens, each full block is known by a hash of itself and every block before it, and a
// request's cached part is its longest run of leading blocks seen before. Blocks are kept least-recently-used first
// out, up to a bounded number. Time to first token then grows with the uncached tokens only (see prefillMs).
import { createHash } from 'node:crypto';

export type PrefixCacheOptions = {
  /** Tokens per block (vLLM's default block size is 16). */
  blockTokens: number;
  /** Blocks kept; the least recently used go first beyond it. */
  capacityBlocks: number;
};

export type PrefixLookup = { promptTokens: number; cachedTokens: number };

export type PrefixCacheStats = {
  /** Requests looked up. */
  requests: number;
  /** Requests with at least one cached block. */
  hits: number;
  promptTokens: number;
  cachedTokens: number;
  /** Blocks held now. */
  blocks: number;
  evictions: number;
};

export function emptyPrefixCacheStats(): PrefixCacheStats {
  return { requests: 0, hits: 0, promptTokens: 0, cachedTokens: 0, blocks: 0, evictions: 0 };
}

export class PrefixCache {
  /** Block hash → nothing; a Map keeps insertion order, so re-inserting on use makes it an LRU. */
  private readonly blocks = new Map<string, true>();

  constructor(
    private readonly options: PrefixCacheOptions,
    private readonly stats: PrefixCacheStats,
  ) {}

  /** Looks the prompt up (how many leading tokens were cached), then caches all its full blocks. */
  admit(tokens: readonly number[]): PrefixLookup {
    const { blockTokens, capacityBlocks } = this.options;
    const fullBlocks = Math.floor(tokens.length / blockTokens);
    let parent = '';
    let cachedBlocks = 0;
    let stillCached = true;
    for (let block = 0; block < fullBlocks; block += 1) {
      const start = block * blockTokens;
      parent = blockHash(parent, tokens.slice(start, start + blockTokens));
      if (stillCached && this.blocks.has(parent)) cachedBlocks += 1;
      else stillCached = false;
      this.blocks.delete(parent);
      this.blocks.set(parent, true);
    }
    while (this.blocks.size > capacityBlocks) {
      const oldest = this.blocks.keys().next().value as string;
      this.blocks.delete(oldest);
      this.stats.evictions += 1;
    }
    const cachedTokens = cachedBlocks * blockTokens;
    this.stats.requests += 1;
    if (cachedTokens > 0) this.stats.hits += 1;
    this.stats.promptTokens += tokens.length;
    this.stats.cachedTokens += cachedTokens;
    this.stats.blocks = this.blocks.size;
    return { promptTokens: tokens.length, cachedTokens };
  }

  clear(): void {
    this.blocks.clear();
    this.stats.blocks = 0;
  }
}

function blockHash(parent: string, tokens: readonly number[]): string {
  return createHash('sha256').update(parent).update(Int32Array.from(tokens)).digest('base64');
}

/** The prefill the uncached tokens cost: added to the time to first token. */
export function prefillMs(lookup: PrefixLookup, msPerToken: number): number {
  return (lookup.promptTokens - lookup.cachedTokens) * msPerToken;
}
