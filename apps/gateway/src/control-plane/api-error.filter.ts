import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderApiError } from '@llmguard/shared';
import { normalise } from '../data-plane/wire-error.filter';

/** Control-plane errors as `{"error":{code,message,requestId,docs,errors?}}`. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ControlPlane');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = normalise(exception);
    if (error.status >= 500) {
      this.logger.error(
        `${request.id} ${request.method} ${request.url}: ${error.internalMessage ?? error.publicMessage}`,
      );
    }
    if (reply.sent) return;
    void reply.status(error.status).headers(error.headers).send(renderApiError(error, request.id));
  }
}
