import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  GatewayError,
  renderAnthropicError,
  renderOpenAIError,
  toGatewayError,
  type ErrorCode,
} from '@llmguard/shared';

/**
 * Every data-plane error leaves in the wire format of the route that failed: Anthropic-shaped on
 * /v1/messages, OpenAI-shaped elsewhere, always with x-request-id.
 */
@Catch()
export class WireErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('DataPlane');

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
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    const body = request.url.startsWith('/v1/messages')
      ? renderAnthropicError(error)
      : renderOpenAIError(error);
    void reply.status(error.status).headers(error.headers).send(body);
  }
}

/** Nest's and Fastify's own errors (404 route, bad JSON, body too large) become GatewayErrors. */
export function normalise(exception: unknown): GatewayError {
  if (exception instanceof GatewayError) return exception;
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : (exception as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = exception instanceof Error ? exception.message : 'Invalid request.';
    return new GatewayError(codeForStatus(status), { publicMessage: message, status });
  }
  return toGatewayError(exception);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'invalid_api_key';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    default:
      return 'invalid_request';
  }
}
