import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Exchange } from '../exchange/exchange';

/** What the upstream answered, before anything reached the client. */
export type UpstreamReply =
  | { kind: 'json'; status: number; body: Buffer; headers: IncomingHttpHeaders }
  | { kind: 'stream'; status: number; body: Readable; exchange: Exchange };
