import { GatewayError } from '@llmguard/shared';

/** 404 for a resource that is missing or belongs to another tenant: the two must look the same. */
export function notFound(what: string): GatewayError {
  return new GatewayError('not_found', { publicMessage: `${what} not found.` });
}

/** 409: the request is valid but conflicts with the resource's current state. */
export function conflict(publicMessage: string): GatewayError {
  return new GatewayError('conflict', { publicMessage, retryable: false });
}
