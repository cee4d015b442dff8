import { Controller, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRequestContext } from '../pipeline/request-context';
import { Responder } from '../pipeline/responder';
import { requireJsonObject } from './request-body';

/** Anthropic `POST /v1/messages`. @see https://docs.anthropic.com/en/api/messages */
@Controller('v1')
export class MessagesRoute {
  constructor(private readonly responder: Responder) {}

  @Post('messages')
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const context = createRequestContext({
      requestId: request.id,
      wire: 'anthropic',
      endpoint: 'messages',
      headers: request.headers,
      body: requireJsonObject(request.body),
    });
    await this.responder.handle(context, reply);
  }
}
