import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DynamicModule, ExceptionFilter, LoggerService, Type } from '@nestjs/common';
import fastifyCookie from '@fastify/cookie';
import { runInTenantScope } from '@llmguard/db';
import { newId } from '@llmguard/shared';
import { installLeanAsyncResourceBind } from './lean-async-resource-bind';

export type HttpAppOptions = {
  module: Type<unknown>;
  clientsModule: DynamicModule;
  errorFilter: ExceptionFilter;
  bodyLimitBytes: number;
  /** Parse and set cookies (the control plane's sessions); the data plane never reads cookies. */
  cookies?: boolean;
  /** Proxies whose X-Forwarded-For sets request.ip (addresses or CIDRs, comma-separated); unset = the socket's. */
  trustedProxies?: string;
  /**
   * Run each request in its own tenant scope (libs/db tenant-scope.ts), which the tenant guard fills, so the
   * request's queries run under row-level security for that tenant. The data plane has no tenant routes.
   */
  tenantScopes?: boolean;
  /** Where Nest's own logs go (the process's JSON logger). */
  logger: LoggerService;
  /** Counts and times every request by route pattern (the control plane; the data plane measures its own). */
  observeRequests?: (route: string, method: string, status: number, seconds: number) => void;
};

/**
 * One Nest app on its own Fastify server. Every request gets a `req_` id, returned as
 * x-request-id on every response, errors included.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<NestFastifyApplication> {
  installLeanAsyncResourceBind();
  const adapter = new FastifyAdapter({
    genReqId: () => newId('req'),
    bodyLimit: options.bodyLimitBytes,
    logger: false,
    keepAliveTimeout: 65_000,
    ...(options.trustedProxies ? { trustProxy: options.trustedProxies } : {}),
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  if (options.observeRequests) {
    const observe = options.observeRequests;
    fastify.addHook('onResponse', async (request, reply) => {
      // The route pattern (/api/tenants/:tenantId/keys), never the raw URL: bounded label values.
      observe(
        request.routeOptions.url ?? 'unmatched',
        request.method,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    });
  }
  // A callback hook, not an async one: the rest of the request (body parsing, guards, handler) runs inside `done`,
  // hence inside the scope.
  if (options.tenantScopes) fastify.addHook('onRequest', (_request, _reply, done) => runInTenantScope(done));
  // Multipart bodies are left unread here: the data plane streams them to disk after auth.
  fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null, undefined));
  const app = await NestFactory.create<NestFastifyApplication>(
    { module: class HttpRootModule {}, imports: [options.clientsModule, options.module] } as DynamicModule,
    adapter,
    // bodyParser false: Fastify's own JSON parser (built once) instead of Nest's, which builds a parser per request.
    { logger: options.logger, bufferLogs: false, bodyParser: false },
  );
  app.useGlobalFilters(options.errorFilter);
  if (options.cookies) await app.register(fastifyCookie);
  return app;
}
