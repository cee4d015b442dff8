import { describe, expect, it } from 'vitest';
import { createUpstreamError, upstreamErrorToGatewayError } from './provider-adapter';

describe('upstreamErrorToGatewayError', () => {
  it('keeps the upstream status and message, and forwards retry-after', () => {
    const error = upstreamErrorToGatewayError(
      createUpstreamError(
        'anthropic',
        429,
        { 'retry-after': '12' },
        { message: 'Slow down', type: 'rate_limit_error' },
      ),
    );
    expect(error).toMatchObject({
      code: 'rate_limited',
      status: 429,
      publicMessage: 'Slow down',
      retryable: true,
      headers: { 'retry-after': '12' },
    });
  });

  it.each([
    [400, 'invalid_request'],
    [404, 'model_not_found'],
    [408, 'upstream_timeout'],
    [409, 'conflict'],
    [413, 'payload_too_large'],
    [422, 'invalid_request'],
    [500, 'upstream_error'],
    [503, 'service_unavailable'],
    [529, 'service_unavailable'],
  ] as const)('status %i becomes %s with the same status', (status, code) => {
    const error = upstreamErrorToGatewayError(createUpstreamError('openai', status, {}, undefined));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
  });

  it('treats a rejected provider credential as our 502, not the client’s 401', () => {
    const error = upstreamErrorToGatewayError(
      createUpstreamError('openai', 401, {}, { message: 'Incorrect API key provided: sk-up***', param: 'x' }),
    );
    expect(error).toMatchObject({ code: 'upstream_error', status: 502, retryable: false, param: undefined });
    expect(error.publicMessage).not.toContain('sk-up');
  });
});
