// What a route handler gets: the request, its parsed body (and uploaded files), the per-request
// knobs and server state.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Rng } from './failures.js';
import type { UploadedFile } from './form-body.js';
import type { JsonObject } from './json.js';
import type { DemoUpstreamOptions } from './options.js';
import type { RequestKnobs } from './request-knobs.js';
import type { PrefixCache } from './prefix-cache.js';
import type { DemoStats } from './stats.js';

export type ServerState = {
  readonly options: DemoUpstreamOptions;
  readonly stats: DemoStats;
  /** Replaced on reset, so injected failures repeat from the seed. */
  rng: Rng;
  /** The simulated prefix cache; null when it is off. */
  readonly prefixCache: PrefixCache | null;
};

export type Exchange = {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The JSON body, or the text fields of a multipart form. */
  readonly body: JsonObject;
  /** Files of a multipart form (hashed and counted, not kept); empty for JSON routes. */
  readonly files: readonly UploadedFile[];
  readonly knobs: RequestKnobs;
  readonly state: ServerState;
  /** Aborted when the client goes away before the response is finished. */
  readonly signal: AbortSignal;
  /** An injected disconnect is due part-way through this stream. */
  readonly cutStream: boolean;
  /** Destroys the connection as an injected failure (counted as such, not as a client disconnect). */
  cut(): void;
};

export type Handler = (ex: Exchange) => Promise<void> | void;
