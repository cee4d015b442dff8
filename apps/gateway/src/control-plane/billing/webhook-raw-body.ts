import { Transform, pipeline } from 'node:stream';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stripeWebhookContract } from '@llmguard/shared';

/** A request whose exact body bytes were kept (Stripe signs the bytes, not the parsed JSON). */
export type RequestWithRawBody = FastifyRequest & { rawBody?: () => Buffer };

/**
 * Keeps the raw body of the Stripe webhook route only. Nest's bodyParser is off (createHttpApp lets Fastify parse
 * JSON), so there is no `rawBody` option to switch on; instead a preParsing hook tees the incoming bytes on their
 * way to Fastify's JSON parser, which still enforces the body limit. Hooks are resolved when Fastify gets ready, so
 * adding it at module init covers routes Nest registered before.
 */
@Injectable()
export class WebhookRawBody implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preParsing', async (request: RequestWithRawBody, _reply, payload) => {
      if (request.routeOptions.url !== stripeWebhookContract.receive.path) return payload;
      const chunks: Buffer[] = [];
      request.rawBody = () => Buffer.concat(chunks);
      const tee = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done(null, chunk);
        },
      });
      // pipeline forwards a client abort or a stream error to Fastify instead of leaving the parser waiting.
      return pipeline(payload, tee, () => undefined);
    });
  }
}
