import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { GatewayError } from '@llmguard/shared';
import { selectExchange } from '../../exchange/select-exchange';
import { UpstreamPool } from '../../../clients/upstream-pool';
import type { RequestContext } from '../request-context';
import { toUpstreamFailure } from '../upstream-failure';
import type { Stage } from '../stage';

const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Calls the chosen deployment through the shared keep-alive pools, with the route's timeouts. The
 * exchange decides the request's shape (passthrough or translation) and reads the answer.
 */
@Injectable()
export class CallProviderStage implements Stage {
  readonly name = 'call-provider';

  constructor(private readonly pool: UpstreamPool) {}

  async run(context: RequestContext): Promise<void> {
    const deployment = context.deployment;
    if (!deployment) throw new Error('call-provider ran before route');
    const exchange = selectExchange(context, deployment);
    const request = await exchange.buildRequest(context, deployment);
    const { timeouts } = deployment;
    const signal = upstreamSignal(context, timeouts.totalMs);
    const response = await this.pool
      .agentFor(timeouts.connectMs)
      .request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal,
        headersTimeout: timeouts.firstByteMs,
        bodyTimeout: timeouts.idleMs,
      })
      .catch((error: unknown) => {
        throw toUpstreamFailure(error, timeouts);
      });
    const contentType = String(response.headers['content-type'] ?? '');
    if (response.statusCode < 400 && context.stream && contentType.startsWith('text/event-stream')) {
      context.upstream = { kind: 'stream', status: response.statusCode, body: response.body, exchange };
      return;
    }
    const body = await readBounded(response.body).catch((error: unknown) => {
      throw toUpstreamFailure(error, timeouts);
    });
    if (response.statusCode >= 400) {
      const error = exchange.readError(response.statusCode, response.headers, body);
      context.upstream = { kind: 'json', ...error, headers: response.headers };
      return;
    }
    const clientBody = exchange.readResponse(body, context);
    context.upstream = {
      kind: 'json',
      status: response.statusCode,
      body: clientBody,
      headers: response.headers,
    };
  }
}

/**
 * The upstream call ends when the client leaves (the responder aborts the same controller) or the
 * total budget is spent, whichever comes first. A plain timer, not AbortSignal.timeout/any: those
 * keep signals alive and leak under load on Node 20 (nodejs/node#54614).
 */
function upstreamSignal(context: RequestContext, totalMs: number): AbortSignal {
  const controller = context.upstreamAbort;
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${totalMs} ms`, 'TimeoutError')),
    totalMs,
  );
  context.cleanups.push(async () => clearTimeout(timer));
  return controller.signal;
}

/** The whole upstream answer, refused beyond MAX_JSON_BODY_BYTES. Plain events: no async iterator per request. */
function readBounded(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY_BYTES) {
        body.destroy();
        reject(new GatewayError('upstream_error', { publicMessage: 'The upstream answer was too large.' }));
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)),
    );
    body.once('error', reject);
  });
}
