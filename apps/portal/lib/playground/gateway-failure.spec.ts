import { describe, expect, it } from 'vitest';
import { failureFromResponse, failureTitle, networkFailure } from './gateway-failure';

const openAiError = (
  message: string,
  code: string | null,
  param: string | null = null,
  type = 'invalid_request_error',
) => JSON.stringify({ error: { message, type, param, code } });

describe('failureFromResponse', () => {
  it('keeps the gateway’s message, code and request id for a bad key', () => {
    const failure = failureFromResponse(
      401,
      openAiError('Incorrect API key provided: ****.', 'invalid_api_key', null, 'authentication_error'),
      new Headers({ 'x-request-id': 'req_1' }),
    );
    expect(failure).toEqual({
      status: 401,
      title: 'The gateway refused this API key',
      message: 'Incorrect API key provided: ****.',
      code: 'invalid_api_key',
      requestId: 'req_1',
    });
  });

  it('reads retry-after on a 429 and the param of a 400', () => {
    const limited = failureFromResponse(
      429,
      openAiError('Rate limit reached.', 'rate_limit_exceeded'),
      new Headers({ 'retry-after': '7' }),
    );
    expect(limited).toMatchObject({
      title: 'Rate limited',
      retryAfterSeconds: 7,
      code: 'rate_limit_exceeded',
    });
    const invalid = failureFromResponse(400, openAiError('Too hot.', null, 'temperature'), new Headers());
    expect(invalid).toMatchObject({ param: 'temperature', code: 'invalid_request_error' });
  });

  it('says something useful for a body that is not an OpenAI error', () => {
    const failure = failureFromResponse(502, '<html>Bad gateway</html>', new Headers());
    expect(failure.title).toBe('The gateway or the model server failed (HTTP 502)');
    expect(failure.message).toBe('The gateway sent no details. Try again in a moment.');
    expect(failure.code).toBeUndefined();
  });

  it('titles the portal proxy’s own failures by their code', () => {
    const failure = failureFromResponse(
      401,
      JSON.stringify({
        error: {
          message: 'Log in again.',
          type: 'portal_error',
          param: null,
          code: 'portal_session_required',
        },
      }),
      new Headers(),
    );
    expect(failure.title).toBe('Your portal session has ended');
  });
});

describe('failureTitle', () => {
  it('sorts failures by status the way the OpenAI SDK does', () => {
    expect(failureTitle(403)).toBe('This key is not allowed to do that');
    expect(failureTitle(404)).toBe('Model not found for this key');
    expect(failureTitle(503)).toBe('The gateway or the model server failed (HTTP 503)');
    expect(failureTitle(418)).toBe('The gateway answered HTTP 418');
  });
});

describe('networkFailure', () => {
  it('tells a gateway never reached from a stream that broke after it started', () => {
    expect(networkFailure().title).toBe('Could not reach the gateway');
    expect(networkFailure('req_2')).toMatchObject({
      title: 'The connection to the gateway broke',
      requestId: 'req_2',
    });
  });
});
