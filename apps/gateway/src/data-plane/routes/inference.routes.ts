import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '@llmguard/shared';
import { GatewayTracing } from '../../observability/tracing';
import {
  createRequestContext,
  type Endpoint,
  type RequestContext,
  type WireFormat,
} from '../pipeline/request-context';
import { Responder } from '../pipeline/responder';
import { requireJsonObject } from './request-body';

/** JSON endpoints and the wire format each speaks. Every one goes through the same pipeline. */
const JSON_ENDPOINTS: readonly { endpoint: Endpoint; wire: WireFormat }[] = [
  { endpoint: 'chat/completions', wire: 'openai' }, // https://platform.openai.com/docs/api-reference/chat
  { endpoint: 'completions', wire: 'openai' },
  { endpoint: 'embeddings', wire: 'openai' },
  { endpoint: 'responses', wire: 'openai' },
  { endpoint: 'images/generations', wire: 'openai' },
  { endpoint: 'messages', wire: 'anthropic' }, // https://docs.anthropic.com/en/api/messages
];

/**
 * The inference endpoints (POST /v1/*), registered on the data plane's Fastify instance directly rather than as
 * Nest controllers: Nest's router adds a context, pipes and parameter decorators to every request, which the hot
 * path does not use (bench/README.md, "where the time goes"). Errors still reach WireErrorFilter, through the error
 * handler Nest installs on the instance. GET /v1/models stays a Nest controller.
 */
@Injectable()
export class InferenceRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly responder: Responder,
    private readonly tracing: GatewayTracing,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    for (const { endpoint, wire } of JSON_ENDPOINTS) {
      fastify.post(`/v1/${endpoint}`, (request, reply) => this.handleJson(endpoint, wire, request, reply));
    }
    fastify.post('/v1/audio/transcriptions', (request, reply) => this.handleUpload(request, reply));
  }

  private handleJson(
    endpoint: Endpoint,
    wire: WireFormat,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const context = createRequestContext({
      requestId: request.id,
      wire,
      endpoint,
      headers: request.headers,
      body: requireJsonObject(request.body),
    });
    return this.respond(context, reply);
  }

  /** Multipart: the body is read by the read-upload stage, after the key is checked. */
  private handleUpload(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      throw new GatewayError('invalid_request', {
        publicMessage: 'Audio transcription needs a multipart/form-data body with `file` and `model`.',
      });
    }
    const context = createRequestContext({
      requestId: request.id,
      wire: 'openai',
      endpoint: 'audio/transcriptions',
      headers: request.headers,
      body: {},
      pendingUpload: { stream: request.raw, contentType },
    });
    return this.respond(context, reply);
  }

  private respond(context: RequestContext, reply: FastifyReply): Promise<void> {
    if (this.tracing.enabled) {
      context.trace = this.tracing.startRequest(`POST /v1/${context.endpoint}`, context.headers, {
        'http.request.method': 'POST',
        'url.path': `/v1/${context.endpoint}`,
        'http.route': `/v1/${context.endpoint}`,
        'llmguard.request.id': context.requestId,
        'gen_ai.request.model': context.model,
      });
    }
    return this.responder.handle(context, reply);
  }
}
