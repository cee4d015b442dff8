// Counters served at GET /demo/stats, so tests can compare what the gateway metered with what was sent.
import { emptyPrefixCacheStats, type PrefixCacheStats } from './prefix-cache.js';

/** A file received in a multipart upload, as the server saw it. */
export type UploadRecord = {
  /** Route key, e.g. "POST /v1/audio/transcriptions". */
  endpoint: string;
  field: string;
  filename: string;
  contentType: string | null;
  bytes: number;
  /** Hex SHA-256 of the bytes received. */
  sha256: string;
};

export type DemoStats = {
  /** Every HTTP request received, any path. */
  requests: number;
  /** Requests per route, e.g. "POST /v1/chat/completions"; "unmatched" for 404s. */
  byEndpoint: Record<string, number>;
  /** Streaming responses started. */
  streams: number;
  /** Streams currently being written (a gauge: 0 once every stream has ended or been abandoned). */
  activeStreams: number;
  /** Prompt/input tokens of requests that were answered (tokenizer counts, see usage.ts). */
  promptTokens: number;
  /** Completion/output tokens actually written to clients, counted as they are sent. */
  completionTokens: number;
  injectedErrors: number;
  injectedErrorsByStatus: Record<string, number>;
  injectedDisconnects: number;
  /** Responses whose client went away before the response finished. */
  clientDisconnects: number;
  /** Times a stream write returned false and the server waited for 'drain'. */
  drainWaits: number;
  authFailures: number;
  /** 4xx answers to malformed requests (invalid JSON, missing fields). */
  badRequests: number;
  /** Files received in multipart uploads (counted once the whole body has arrived intact). */
  uploadFiles: number;
  /** Bytes of those files (file content only, not the multipart framing or text fields). */
  uploadBytes: number;
  /** The most recent file received, so a test can prove it arrived byte for byte. */
  lastUpload: UploadRecord | null;
  /** Images returned by /v1/images/generations. */
  imagesGenerated: number;
  /** The simulated prefix cache (all zero while it is off). */
  prefixCache: PrefixCacheStats;
};

export function createStats(): DemoStats {
  return {
    requests: 0,
    byEndpoint: {},
    streams: 0,
    activeStreams: 0,
    promptTokens: 0,
    completionTokens: 0,
    injectedErrors: 0,
    injectedErrorsByStatus: {},
    injectedDisconnects: 0,
    clientDisconnects: 0,
    drainWaits: 0,
    authFailures: 0,
    badRequests: 0,
    uploadFiles: 0,
    uploadBytes: 0,
    lastUpload: null,
    imagesGenerated: 0,
    prefixCache: emptyPrefixCacheStats(),
  };
}

/** Zeroes the counters in place, so references handed out earlier stay live. */
export function resetStats(stats: DemoStats): void {
  // Streams in flight keep their gauge: zeroing it would make it go negative when they end.
  const { activeStreams, prefixCache } = stats;
  // The prefix cache keeps its stats object (the cache writes to it); its counters restart with the cache.
  Object.assign(prefixCache, emptyPrefixCacheStats());
  Object.assign(stats, createStats(), { activeStreams, prefixCache });
}

export function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

export function recordUpload(stats: DemoStats, upload: UploadRecord): void {
  stats.uploadFiles += 1;
  stats.uploadBytes += upload.bytes;
  stats.lastUpload = upload;
}
