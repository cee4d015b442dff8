import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRequestContext } from '../pipeline/request-context';
import { Responder } from '../pipeline/responder';
import { requireJsonObject } from './request-body';

/** OpenAI `POST /v1/chat/completions`. @see https://platform.openai.com/docs/api-reference/chat */
@Controller('v1')
export class ChatCompletionsRoute {
  constructor(private readonly responder: Responder) {}

  @Post('chat/completions')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = createRequestContext({
      requestId: request.id,
      wire: 'openai',
      headers: request.headers,
      body: requireJsonObject(request.body),
    });
    await this.responder.handle(context, reply);
  }
}
