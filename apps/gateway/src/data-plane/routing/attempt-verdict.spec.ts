import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { verdictForStatus, verdictForThrown } from './attempt-verdict';

describe('verdictForStatus', () => {
  it.each([500, 502, 503, 504, 529, 408, 409])(
    'retries %i here, then elsewhere, and blames the deployment',
    (status) => {
      expect(verdictForStatus(status, '{}')).toEqual({
        retrySame: true,
        fallback: 'any',
        deploymentFault: true,
      });
    },
  );

  it.each([429, 401, 403, 404])('moves %i on to the next deployment at once', (status) => {
    expect(verdictForStatus(status, '{}')).toEqual({
      retrySame: false,
      fallback: 'any',
      deploymentFault: true,
    });
  });

  it.each([
    '{"error":{"message":"This model\'s maximum context length is 8192 tokens.","code":"context_length_exceeded"}}',
    '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
  ])('sends a context-length error only to a larger window, without blaming the deployment', (body) => {
    expect(verdictForStatus(400, body)).toEqual({
      retrySame: false,
      fallback: 'larger-context',
      deploymentFault: false,
    });
  });

  it('gives any other 4xx back to the client: the request itself is wrong', () => {
    expect(verdictForStatus(400, '{"error":{"message":"messages is required"}}')).toEqual({
      retrySame: false,
      fallback: 'none',
      deploymentFault: false,
    });
  });
});

describe('verdictForThrown', () => {
  it('retries a connection that could not be made', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(verdictForThrown(refused)).toMatchObject({ retrySame: true, fallback: 'any' });
  });

  it('moves on at once after a timeout before the first byte', () => {
    expect(verdictForThrown(new undiciErrors.HeadersTimeoutError())).toMatchObject({
      retrySame: false,
      fallback: 'any',
      deploymentFault: true,
    });
    expect(verdictForThrown(new undiciErrors.ConnectTimeoutError())).toMatchObject({ fallback: 'any' });
  });

  it('ends the request when the body went silent, the total time ran out or the client left', () => {
    expect(verdictForThrown(new undiciErrors.BodyTimeoutError()).fallback).toBe('none');
    expect(verdictForThrown(new DOMException('late', 'TimeoutError')).fallback).toBe('none');
    expect(verdictForThrown(new DOMException('gone', 'AbortError'))).toMatchObject({
      fallback: 'none',
      deploymentFault: false,
    });
  });
});
