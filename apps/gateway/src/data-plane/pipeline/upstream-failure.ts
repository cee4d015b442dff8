import { errors as undiciErrors } from 'undici';
import { GatewayError } from '@llmguard/shared';
import type { UpstreamTimeouts } from '../../clients/upstream-pool';

/** Maps undici's failures to what the client is told; each timeout names its limit. */
export function toUpstreamFailure(error: unknown, timeouts: UpstreamTimeouts): GatewayError {
  if (error instanceof GatewayError) return error;
  const timeout = (publicMessage: string) =>
    new GatewayError('upstream_timeout', { publicMessage, cause: error });
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return timeout(`The upstream model server did not accept a connection within ${timeouts.connectMs} ms.`);
  }
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return timeout(`The upstream model server sent nothing within ${timeouts.firstByteMs} ms.`);
  }
  if (error instanceof undiciErrors.BodyTimeoutError) {
    return timeout(`The upstream model server went silent for ${timeouts.idleMs} ms.`);
  }
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return timeout(`The upstream model server did not finish within ${timeouts.totalMs} ms.`);
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new GatewayError('invalid_request', {
      publicMessage: 'The client closed the request.',
      status: 499,
      cause: error,
    });
  }
  return new GatewayError('upstream_error', {
    publicMessage: 'The upstream model server could not be reached.',
    internalMessage: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}
