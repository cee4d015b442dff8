import { GatewayError } from '@llmguard/shared';

/** The data plane accepts only a JSON object as a body; anything else is the client's error. */
export function requireJsonObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('invalid_request', {
      publicMessage: 'The request body must be a JSON object (Content-Type: application/json).',
    });
  }
  return body as Record<string, unknown>;
}
