import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRequestContext, type Endpoint } from '../pipeline/request-context';
import { Responder } from '../pipeline/responder';
import { requireJsonObject } from './request-body';
import { GatewayError } from '@llmguard/shared';

/**
 * The OpenAI JSON endpoints. Each one goes through the same pipeline; they differ only in the
 * upstream path and in how their usage is reported.
 * @see https://platform.openai.com/docs/api-reference
 */
@Controller('v1')
export class OpenAIRoutes {
  constructor(private readonly responder: Responder) {}

  @Post('chat/completions')
  chatCompletions(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('chat/completions', request, reply);
  }

  @Post('completions')
  completions(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('completions', request, reply);
  }

  @Post('embeddings')
  embeddings(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('embeddings', request, reply);
  }

  @Post('responses')
  responses(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('responses', request, reply);
  }

  @Post('images/generations')
  imagesGenerations(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle('images/generations', request, reply);
  }

  /** Multipart: the body is read by the read-upload stage, after the key is checked. */
  @Post('audio/transcriptions')
  async audioTranscriptions(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
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
    await this.responder.handle(context, reply);
  }

  private async handle(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const context = createRequestContext({
      requestId: request.id,
      wire: 'openai',
      endpoint,
      headers: request.headers,
      body: requireJsonObject(request.body),
    });
    await this.responder.handle(context, reply);
  }
}
