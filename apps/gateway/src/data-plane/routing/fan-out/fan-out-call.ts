import { createRequestContext, type RequestContext } from '../../pipeline/request-context';
import type { UpstreamReply } from '../../pipeline/upstream-reply';
import { SERVED_MODEL_HEADER } from '../degradation/degradation';
import { answered, type CallResult } from './fan-out-answer';
import { FAN_OUT_MODE_HEADER, type FanOutMode } from './fan-out-request';

/**
 * One upstream call of a fan-out request, as a request context of its own: routed, admitted, called, metered and
 * settled like any request, under the id `<request id>:<n>` (n = the model's position, from 1), so each call is one
 * usage event that billing de-duplicates on its own. The client leaving, or the request's end, aborts it.
 */
export function createFanOutCall(request: RequestContext, model: string, position: number): RequestContext {
  const call = createRequestContext({
    requestId: `${request.requestId}:${position}`,
    wire: request.wire,
    endpoint: request.endpoint,
    headers: request.headers,
    body: { ...request.body, model },
  });
  call.apiKey = request.apiKey;
  call.endUser = request.endUser;
  call.containsPii = request.containsPii;
  // A streamed answer is the serving call's own: it restores, scans and moderates it as the request would.
  call.placeholders = request.placeholders;
  call.outputGuardrails = request.outputGuardrails;
  const signal = request.upstreamAbort.signal;
  const onRequestAbort = () => {
    call.clientGone = request.clientGone;
    call.upstreamAbort.abort(signal.reason);
  };
  signal.addEventListener('abort', onRequestAbort, { once: true });
  call.cleanups.push(async () => signal.removeEventListener('abort', onRequestAbort));
  return call;
}

/** Resolves with the first call that answers (a reply below 400), or undefined once every call ended without one. */
export function firstAnswered(results: readonly Promise<CallResult>[]): Promise<CallResult | undefined> {
  return new Promise((resolve) => {
    let pending = results.length;
    for (const result of results) {
      void result.then((settled) => {
        pending -= 1;
        if (answered(settled)) resolve(settled);
        else if (pending === 0) resolve(undefined);
      });
    }
  });
}

/** The answer's headers: those of the call that served it (deployment, attempts, rate limits), and the fan-out's. */
export function fanOutHeaders(mode: FanOutMode, served: RequestContext): Record<string, string> {
  return { ...served.responseHeaders, [FAN_OUT_MODE_HEADER]: mode, [SERVED_MODEL_HEADER]: served.model };
}

/** Drops a stream nobody will read (a call that lost the race but had already started answering). */
export function discardReply(reply: UpstreamReply | undefined): void {
  if (reply?.kind === 'stream') reply.body.destroy();
}
