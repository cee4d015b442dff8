import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { createParser } from 'eventsource-parser';
import { GatewayError, renderAnthropicError, renderOpenAIError } from '@llmguard/shared';
import { RequestObserver } from '../../observability/request-observer';
import { Pipeline } from './pipeline';
import { runCleanups, type RequestContext } from './request-context';
import { recordFailure, recordReplyStatus, recordStreamFailure } from './request-outcome';
import { SettleStage } from './stages/settle.stage';
import type { Exchange } from '../exchange/exchange';
import { OutputModeration, outputModerationOf } from '../guardrails/output-moderation';
import { ModeratedStream } from '../guardrails/output-moderation-stream';
import { GUARDRAILS_HEADER, guardrailsHeaderValue } from '../guardrails/guardrail-report';
import { outputPiiRefusal, refusesOutputPii, responseTransformOf } from '../guardrails/response-guardrails';
import { rewriteJsonBody, rewritingStreamForwarder } from '../guardrails/rewrite-response';
import type { StreamForwarder } from '../passthrough/passthrough-adapter';
import type { UpstreamReply } from './upstream-reply';
import { toUpstreamFailure } from './upstream-failure';

// Upstream response headers worth passing on; hop-by-hop and length headers are Fastify's job.
const FORWARDED_HEADERS = [
  'content-type',
  'openai-processing-ms',
  'retry-after',
  'anthropic-organization-id',
];

/**
 * Runs the pipeline for one request and writes the answer: JSON as received, or the upstream's SSE
 * events forwarded one by one as they arrive. Settles exactly once, when the response is over.
 */
@Injectable()
export class Responder {
  constructor(
    private readonly pipeline: Pipeline,
    private readonly settle: SettleStage,
    private readonly observer: RequestObserver,
    private readonly outputModeration: OutputModeration,
  ) {}

  async handle(context: RequestContext, reply: FastifyReply): Promise<void> {
    // A client that goes away aborts the upstream call, wherever it is.
    reply.raw.on('close', () => {
      if (reply.raw.writableFinished) return;
      context.clientGone = true;
      context.upstreamAbort.abort();
    });
    let settledByStream = false;
    try {
      await this.pipeline.run(context);
      const upstream = context.upstream;
      if (!upstream) throw new Error('pipeline ended without an upstream reply');
      if (upstream.kind === 'stream') {
        // A fan-out streams its winning call, which is metered and settled in the request's place.
        const served = context.servedBy ?? context;
        settledByStream = served === context;
        return this.sendStream(served, upstream, reply);
      }
      recordReplyStatus(context, upstream.status);
      // Placeholders of a redacted prompt go back as their values; output guardrails scan the completion, and
      // output moderation may refuse it (before the answer caches see it, so they never keep a refused answer).
      const transform = upstream.status < 400 ? responseTransformOf(context) : undefined;
      const body = transform ? rewriteJsonBody(upstream.body, transform) : upstream.body;
      const refusal = transform && refusesOutputPii(context) ? outputPiiRefusal(context) : undefined;
      if (refusal) throw withGuardrailsHeader(context, refusal);
      if (upstream.status < 400 && outputModerationOf(context))
        await this.outputModeration.checkJson(context, body);
      context.answerStartedMs = performance.now();
      if (context.responseHeaders) void reply.headers(context.responseHeaders);
      for (const name of FORWARDED_HEADERS) {
        const value = upstream.headers[name];
        if (value !== undefined) void reply.header(name, value);
      }
      context.answerTap?.json(upstream.status, upstream.body);
      await reply.status(upstream.status).send(body);
    } catch (error) {
      const failure = recordFailure(context, error);
      // Errors after admission carry the rate-limit headers too (a refusal has them already).
      for (const [name, value] of Object.entries(context.responseHeaders ?? {}))
        failure.headers[name] ??= value;
      context.answerStartedMs = performance.now();
      throw failure;
    } finally {
      if (!settledByStream) await this.finish(context);
    }
  }

  /** Emits the usage event and releases what the request held. Runs once per request. */
  private async finish(context: RequestContext): Promise<void> {
    context.answerTap?.end(context);
    this.observer.finished(context, this.settle.run(context));
    await runCleanups(context);
  }

  private sendStream(
    context: RequestContext,
    upstream: Extract<UpstreamReply, { kind: 'stream' }>,
    reply: FastifyReply,
  ) {
    context.status = upstream.status;
    context.answerStartedMs = performance.now();
    void reply.status(upstream.status).headers({
      ...context.responseHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    // Readable.from pulls the next upstream chunk only when the client socket wants more:
    // a slow reader slows the upstream read instead of growing a buffer.
    return reply.send(Readable.from(this.forwardEvents(context, upstream), { objectMode: false }));
  }

  private async *forwardEvents(
    context: RequestContext,
    upstream: Extract<UpstreamReply, { kind: 'stream' }>,
  ) {
    const plain = streamForwarder(context, upstream.exchange);
    const transform = responseTransformOf(context);
    // Personal data the policy blocks in answers ends the stream with an error event right after the event that
    // held it (masked): what went before is out, the rest is refused and the upstream closed.
    let refused = false;
    const refusal = refusesOutputPii(context)
      ? () => {
          const failure = outputPiiRefusal(context);
          refused = failure !== undefined;
          return failure && errorEventOf(context.wire, recordStreamFailure(context, failure));
        }
      : undefined;
    const moderated = outputModerationOf(context) ? new ModeratedStream(context.wire) : undefined;
    const forwarder = moderated
      ? moderated.forwarder(plain, transform, refusal)
      : transform
        ? rewritingStreamForwarder(plain, context.wire, transform, refusal)
        : plain;
    const decoder = new TextDecoder();
    let completed = false;
    try {
      for await (const chunk of upstream.body) {
        const text = forwarder.push(decoder.decode(chunk as Buffer, { stream: true }));
        if (text && !refused) context.answerTap?.streamText(text);
        if (text) yield text;
        if (refused) return;
      }
      completed = true;
      let closing = forwarder.end();
      if (refused) {
        yield closing;
        return;
      }
      const ending = upstream.exchange.endStream(context);
      closing += moderated ? await this.moderatedEnding(context, moderated, ending) : ending;
      context.answerTap?.streamText(closing);
      if (closing) yield closing;
    } catch (error) {
      if (!context.clientGone) {
        // Headers are gone already: the failure travels as an error event in the client's format.
        context.outcome = 'upstream_error';
        yield streamErrorEvent(context, error);
      }
    } finally {
      if (!completed && context.outcome === 'success') context.outcome = 'client_disconnected';
      if (!completed) upstream.body.destroy();
      await this.finish(context);
    }
  }

  /**
   * What ends a moderated stream: its held ending (then the exchange's), once the answer passes; else the error
   * that replaces them. A stream that failed already ends as it is: there is no complete answer to judge.
   */
  private async moderatedEnding(
    context: RequestContext,
    moderated: ModeratedStream,
    ending: string,
  ): Promise<string> {
    const failure =
      context.outcome === 'success'
        ? await this.outputModeration.judge(context, moderated.generatedTexts())
        : undefined;
    if (!failure) return moderated.takeHeld() + ending;
    recordStreamFailure(context, failure);
    return errorEventOf(context.wire, failure);
  }
}

/**
 * The exchange's raw fast path when it has one; otherwise each upstream event is parsed with
 * eventsource-parser and handed to the exchange one by one.
 */
function streamForwarder(context: RequestContext, exchange: Exchange): StreamForwarder {
  const fast = exchange.createStreamForwarder?.(context);
  if (fast) return fast;
  const pending: string[] = [];
  const parser = createParser({
    onEvent: (event) => {
      const text = exchange.translateStreamEvent(event, context);
      if (text) pending.push(text);
    },
  });
  return {
    push(text) {
      parser.feed(text);
      return pending.length > 0 ? pending.splice(0).join('') : '';
    },
    end: () => '',
  };
}

function streamErrorEvent(context: RequestContext, error: unknown): string {
  const timeouts = context.deployment?.timeouts;
  const mapped = timeouts ? toUpstreamFailure(error, timeouts) : undefined;
  // Timeouts say which limit ran out; anything else is a connection lost mid-stream.
  const failure =
    mapped?.code === 'upstream_timeout'
      ? mapped
      : new GatewayError('upstream_error', {
          publicMessage: 'The upstream model server stopped in the middle of the stream.',
          cause: error,
        });
  return errorEventOf(context.wire, failure);
}

/** The refusal, with the guardrails' report (what the output scan found, too) in the headers it goes out with. */
function withGuardrailsHeader(context: RequestContext, refusal: GatewayError): GatewayError {
  const header = context.guardrails ? guardrailsHeaderValue(context.guardrails) : undefined;
  if (header) (context.responseHeaders ??= {})[GUARDRAILS_HEADER] = header;
  return refusal;
}

/** An error as a stream's last event, the way each SDK raises it: `event: error` (Anthropic), `data: {"error"…}`. */
function errorEventOf(wire: RequestContext['wire'], failure: GatewayError): string {
  return wire === 'anthropic'
    ? `event: error\ndata: ${JSON.stringify(renderAnthropicError(failure))}\n\n`
    : `data: ${JSON.stringify(renderOpenAIError(failure))}\n\n`;
}
