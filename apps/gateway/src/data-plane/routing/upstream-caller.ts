import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { GatewayError } from '@llmguard/shared';
import { UpstreamPool } from '../../clients/upstream-pool';
import { RequestObserver } from '../../observability/request-observer';
import type { ResolvedDeployment } from '../catalog/route-catalog';
import type { Exchange } from '../exchange/exchange';
import { selectExchange } from '../exchange/select-exchange';
import type { UpstreamHttpRequest } from '../passthrough/passthrough-adapter';
import type { RequestContext } from '../pipeline/request-context';
import { toUpstreamFailure } from '../pipeline/upstream-failure';
import type { UpstreamReply } from '../pipeline/upstream-reply';
import { AttemptFailure } from './attempt-failure';
import { verdictForStatus, verdictForThrown } from './attempt-verdict';
import { isLocal } from './rules/routing-rules';

const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;
const FINAL = { retrySame: false, fallback: 'none', deploymentFault: false } as const;
const UNSUITED = { retrySame: false, fallback: 'any', deploymentFault: false } as const;

/**
 * One call to one deployment through the shared keep-alive pools, with its timeouts. Resolves with an answer to
 * give the client: a stream whose headers arrived, or a complete JSON body. Anything else (no connection, a
 * timeout before the answer, an error status) throws an AttemptFailure saying whether to retry or fall back.
 */
@Injectable()
export class UpstreamCaller {
  constructor(
    private readonly pool: UpstreamPool,
    private readonly observer: RequestObserver,
  ) {}

  /** One call, measured (duration, outcome) and traced (a CLIENT span whose context goes upstream). */
  call(context: RequestContext, deployment: ResolvedDeployment): Promise<UpstreamReply> {
    return this.observer.upstreamCall(context, deployment, (propagation) =>
      this.callOnce(context, deployment, propagation),
    );
  }

  private async callOnce(
    context: RequestContext,
    deployment: ResolvedDeployment,
    propagation: Record<string, string> | undefined,
  ): Promise<UpstreamReply> {
    // Routing only offers local deployments to such requests; this is the one place every upstream call passes.
    if (context.localOnly && !isLocal(deployment)) {
      throw new Error(
        `a local-only request was about to reach deployment ${deployment.id}, which is not local`,
      );
    }
    let exchange: Exchange;
    let request: UpstreamHttpRequest;
    try {
      exchange = selectExchange(context, deployment);
      request = await exchange.buildRequest(context, deployment);
    } catch (error) {
      // A deployment that cannot serve this endpoint (e.g. embeddings on Anthropic): another one may.
      if (!(error instanceof GatewayError)) throw error;
      throw new AttemptFailure(UNSUITED, { error });
    }
    const { timeouts } = deployment;
    const response = await this.pool
      .agentFor(timeouts.connectMs)
      .request({
        origin: request.url.origin,
        path: request.url.pathname + request.url.search,
        method: 'POST',
        headers: propagation ? { ...request.headers, ...propagation } : request.headers,
        body: request.body,
        signal: context.upstreamAbort.signal,
        headersTimeout: timeouts.firstByteMs,
        bodyTimeout: timeouts.idleMs,
      })
      .catch((error: unknown) => {
        throw new AttemptFailure(verdictForThrown(error), { error: toUpstreamFailure(error, timeouts) });
      });
    const contentType = String(response.headers['content-type'] ?? '');
    if (response.statusCode < 400 && context.stream && contentType.startsWith('text/event-stream')) {
      return { kind: 'stream', status: response.statusCode, body: response.body, exchange };
    }
    const body = await readBounded(response.body).catch((error: unknown) => {
      const verdict = error instanceof GatewayError ? FINAL : verdictForThrown(error);
      throw new AttemptFailure(verdict, { error: toUpstreamFailure(error, timeouts) });
    });
    if (response.statusCode >= 400) {
      const verdict = verdictForStatus(response.statusCode, body.toString('utf8', 0, 4096));
      try {
        const error = exchange.readError(response.statusCode, response.headers, body);
        throw new AttemptFailure(verdict, { reply: { kind: 'json', ...error, headers: response.headers } });
      } catch (error) {
        if (error instanceof AttemptFailure) throw error;
        throw new AttemptFailure(verdict, { error: toUpstreamFailure(error, timeouts) });
      }
    }
    const clientBody = exchange.readResponse(body, context);
    return { kind: 'json', status: response.statusCode, body: clientBody, headers: response.headers };
  }
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
