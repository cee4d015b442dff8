import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { GatewayError } from '@llmguard/shared';
import { anthropicPassthrough } from '../../passthrough/anthropic.passthrough';
import { openAIPassthrough } from '../../passthrough/openai.passthrough';
import { collectGeneratedText, type PassthroughAdapter } from '../../passthrough/passthrough-adapter';
import { UpstreamPool } from '../../../clients/upstream-pool';
import type { RequestContext } from '../request-context';
import { toUpstreamFailure } from '../upstream-failure';
import type { Stage } from '../stage';

const MAX_JSON_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Calls the chosen deployment through the shared keep-alive pool. Only same-format passthrough
 * here (OpenAI→OpenAI-compatible, Anthropic→Anthropic); cross-format translation is added with the
 * provider adapters.
 */
@Injectable()
export class CallProviderStage implements Stage {
  readonly name = 'call-provider';

  constructor(private readonly pool: UpstreamPool) {}

  async run(context: RequestContext): Promise<void> {
    const deployment = context.deployment;
    if (!deployment) throw new Error('call-provider ran before route');
    const adapter = adapterFor(context, deployment.provider);
    const request = await adapter.buildRequest(context, deployment);
    const { timeouts } = deployment;
    // The upstream call ends when the client leaves or the total budget is spent, whichever is first.
    const signal = AbortSignal.any([context.abort.signal, AbortSignal.timeout(timeouts.totalMs)]);
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
      context.upstream = { kind: 'stream', status: response.statusCode, body: response.body, adapter };
      return;
    }
    const body = await readBounded(response.body).catch((error: unknown) => {
      throw toUpstreamFailure(error, timeouts);
    });
    if (response.statusCode >= 400) {
      context.upstream = { kind: 'json', ...upstreamErrorReply(response.statusCode, body, response.headers) };
      return;
    }
    context.usage = adapter.readUsage(safeJson(body));
    context.usageComplete =
      context.usage.inputTokens !== undefined && context.usage.outputTokens !== undefined;
    if (!context.usageComplete) collectGeneratedText(body.toString('utf8'), context.outputText);
    context.upstream = { kind: 'json', status: response.statusCode, body, headers: response.headers };
  }
}

function adapterFor(context: RequestContext, provider: string): PassthroughAdapter {
  if (context.wire === 'openai' && provider === 'openai') return openAIPassthrough;
  if (context.wire === 'anthropic' && provider === 'anthropic') return anthropicPassthrough;
  throw new GatewayError('invalid_request', {
    publicMessage: `The model \`${context.model}\` is served by a \`${provider}\` deployment, which cannot answer ${context.wire}-format requests yet.`,
    param: 'model',
  });
}

/**
 * An upstream 401/403 means the gateway's provider credential is wrong, not the client's key: that
 * becomes our 502. Other upstream errors keep their status and body.
 */
function upstreamErrorReply(status: number, body: Buffer, headers: IncomingHttpHeaders) {
  if (status === 401 || status === 403) {
    throw new GatewayError('upstream_error', {
      publicMessage: 'The upstream model server rejected the gateway credentials for this deployment.',
      internalMessage: `upstream answered ${status}: ${body.subarray(0, 500).toString()}`,
      retryable: false,
    });
  }
  if (safeJson(body) === undefined) {
    throw new GatewayError('upstream_error', {
      publicMessage: `The upstream model server answered with status ${status}.`,
      internalMessage: body.subarray(0, 500).toString(),
      status: status >= 500 ? 502 : status,
    });
  }
  return { status, body, headers };
}

async function readBounded(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) {
      body.destroy();
      throw new GatewayError('upstream_error', { publicMessage: 'The upstream answer was too large.' });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function safeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
