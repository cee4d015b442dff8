// Public API: start a demo upstream in-process (tests, scripts) and the pure helpers behind it.
import type { AddressInfo } from 'node:net';
import type { ServerState } from './exchange.js';
import { createRng } from './failures.js';
import { resolveOptions, type DemoUpstreamOptions } from './options.js';
import { PrefixCache } from './prefix-cache.js';
import { createDemoServer, resetState } from './server.js';
import { createStats, type DemoStats } from './stats.js';

export type DemoUpstream = {
  /** e.g. http://127.0.0.1:9100 (no trailing slash, no /v1): OpenAI clients use `${url}/v1`. */
  url: string;
  port: number;
  /** Live counters (the same object GET /demo/stats serves). */
  stats: Readonly<DemoStats>;
  options: Readonly<DemoUpstreamOptions>;
  /** Zeroes the stats and restarts failure injection from the seed. */
  reset(): void;
  /** Closes the listener and every open connection. */
  close(): Promise<void>;
};

// A wildcard listen address is not something to connect to.
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startDemoUpstream(options: Partial<DemoUpstreamOptions> = {}): Promise<DemoUpstream> {
  const resolved = resolveOptions(options);
  const stats = createStats();
  const prefixCache = resolved.prefixCache
    ? new PrefixCache(
        { blockTokens: resolved.prefixBlockTokens, capacityBlocks: resolved.prefixCacheBlocks },
        stats.prefixCache,
      )
    : null;
  const state: ServerState = { options: resolved, stats, rng: createRng(resolved.seed), prefixCache };
  const server = createDemoServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(resolved.host)}:${port}`,
    port,
    stats: state.stats,
    options: resolved,
    reset: () => resetState(state),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { DEFAULT_OPTIONS, HELP_TEXT, OptionsError, parseCli, resolveOptions } from './options.js';
export type { CliCommand, DemoUpstreamOptions } from './options.js';
export type { DemoStats, UploadRecord } from './stats.js';
export type { PrefixCacheStats } from './prefix-cache.js';
export { digestPieces, replyPieces, replyText } from './reply.js';
export type { ReplySeed } from './reply.js';
export { embeddingVector } from './embedding-vector.js';
export { countAnthropicInput, countOpenAiChatPrompt, countPlainInput } from './usage.js';
export { countTextTokens } from './tokenizer.js';
export { countResponsesInput } from './responses-input.js';
export { audioSeconds, audioTokensForBytes, transcriptText } from './audio-transcript.js';
export { imageOutputTokens } from './images.handler.js';
export type { ImageQuality } from './images.handler.js';
export { solidPng } from './png.js';
