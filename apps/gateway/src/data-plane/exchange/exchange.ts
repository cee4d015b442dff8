import type { IncomingHttpHeaders } from 'node:http';
import type { EventSourceMessage } from 'eventsource-parser';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import type { UpstreamHttpRequest } from '../passthrough/passthrough-adapter';
import type { RequestContext } from '../pipeline/request-context';
import type { StreamForwarder } from '../passthrough/passthrough-adapter';

/**
 * How one request talks to its upstream: builds the upstream request, and turns what comes back
 * into what the client receives, metering on the way. Passthrough when client and provider speak
 * the same format, translation through the canonical types otherwise.
 */
export type Exchange = {
  readonly kind: 'passthrough' | 'translation';
  buildRequest(
    context: RequestContext,
    deployment: ResolvedDeployment,
  ): UpstreamHttpRequest | Promise<UpstreamHttpRequest>;
  /** A complete successful answer: records usage in the context, returns the client's body. */
  readResponse(body: Buffer, context: RequestContext): Buffer;
  /** One upstream SSE event: records usage and timing, returns the client's SSE text ('' for none). */
  translateStreamEvent(event: EventSourceMessage, context: RequestContext): string;
  /** Optional fast path for streams: raw upstream text in, raw client text out, no per-event parsing. */
  createStreamForwarder?(context: RequestContext): StreamForwarder;
  /** The upstream body ended: any closing text the client still needs ('' for none). */
  endStream(context: RequestContext): string;
  /** An upstream error answer: the status and body the client gets, or a thrown GatewayError. */
  readError(status: number, headers: IncomingHttpHeaders, body: Buffer): { status: number; body: Buffer };
};
