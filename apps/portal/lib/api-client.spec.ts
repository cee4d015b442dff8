import { describe, expect, it } from 'vitest';
import {
  UNREACHABLE_MESSAGE,
  failureFromResponse,
  fieldErrorsFromDetails,
  postJson,
  requestJson,
} from './api-client';

const noHeaders = new Headers();

describe('failureFromResponse', () => {
  it('shows the control plane message of an {error:{code,message}} body', () => {
    const body = JSON.stringify({
      error: {
        code: 'invalid_credentials',
        message: 'Email or password is incorrect.',
        requestId: 'req_123',
      },
    });
    expect(failureFromResponse(401, body, noHeaders)).toEqual({
      kind: 'http',
      status: 401,
      code: 'invalid_credentials',
      message: 'Email or password is incorrect.',
      requestId: 'req_123',
    });
  });

  it('falls back to the x-request-id header', () => {
    const body = JSON.stringify({ error: { code: 'conflict', message: 'Taken.' } });
    const failure = failureFromResponse(409, body, new Headers({ 'x-request-id': 'req_h' }));
    expect(failure.requestId).toBe('req_h');
  });

  // A proxy's HTML error page or an unknown JSON shape must never reach the user verbatim.
  it('uses a generic message for a body it does not recognise', () => {
    expect(failureFromResponse(502, '<html>Bad gateway</html>', noHeaders)).toEqual({
      kind: 'http',
      status: 502,
      message: 'The LLMGuard API is having trouble (HTTP 502). Please try again in a moment.',
      requestId: undefined,
    });
    expect(
      failureFromResponse(404, JSON.stringify({ message: 'Cannot POST /api/auth/login' }), noHeaders).message,
    ).toBe('The LLMGuard API could not handle this request (HTTP 404).');
    expect(failureFromResponse(429, '', noHeaders).message).toBe(
      'Too many attempts. Please wait a minute and try again.',
    );
  });
});

describe('postJson', () => {
  it('posts JSON to the path under the base URL and returns the body and cookies', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), init });
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'llmguard_session=abc; Path=/; HttpOnly');
      return new Response(JSON.stringify({ user: { id: 'usr_1' } }), { status: 200, headers });
    };
    const result = await postJson('http://cp:8081', '/api/auth/login', { email: 'a@b.co' }, { fetchImpl });
    expect(calls[0]?.url).toBe('http://cp:8081/api/auth/login');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('{"email":"a@b.co"}');
    expect(result).toEqual({
      ok: true,
      status: 200,
      body: { user: { id: 'usr_1' } },
      setCookieHeaders: ['llmguard_session=abc; Path=/; HttpOnly'],
    });
  });

  it('keeps a path prefix of the base URL', async () => {
    const urls: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response('{}', { status: 200 });
    };
    await postJson('https://example.com/control', '/api/auth/login', {}, { fetchImpl });
    expect(urls).toEqual(['https://example.com/control/api/auth/login']);
  });

  it('reports an unreachable API without throwing', async () => {
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(postJson('http://cp:8081', '/api/auth/login', {}, { fetchImpl })).resolves.toEqual({
      ok: false,
      failure: { kind: 'unreachable', message: UNREACHABLE_MESSAGE },
    });
  });

  it('reports a non-2xx answer as a failure', async () => {
    const fetchImpl: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { code: 'invalid_credentials', message: 'Nope.' } }), {
        status: 401,
      });
    const result = await postJson('http://cp:8081', '/api/auth/login', {}, { fetchImpl });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'http', status: 401, message: 'Nope.' } });
  });
});

describe('requestJson', () => {
  it('sends the method, query and extra headers, and no body or content type without one', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), init });
      return new Response('{"data":[]}', { status: 200 });
    };
    await requestJson(
      'http://cp:8081',
      {
        method: 'GET',
        path: '/api/tenants',
        query: { limit: '100', cursor: undefined },
        headers: { cookie: 'a=b' },
      },
      { fetchImpl },
    );
    expect(calls[0]?.url).toBe('http://cp:8081/api/tenants?limit=100');
    expect(calls[0]?.init?.body).toBeUndefined();
    expect(calls[0]?.init?.headers).toEqual({ accept: 'application/json', cookie: 'a=b' });
  });
});

describe('field errors of a 400', () => {
  it('keys the validation details by body field, first message of each', () => {
    const body = JSON.stringify({
      error: {
        code: 'validation_failed',
        message: 'The request is invalid.',
        requestId: 'req_v',
        errors: [
          { location: 'body.slug', message: 'is reserved' },
          { location: 'body.slug', message: 'second message' },
          {
            location: 'body.name',
            message: 'Too small: expected string to have >=1 characters',
            fix: 'Use at least 1 characters.',
          },
          { location: 'body.scopes.0', message: 'is not a data_plane scope' },
          { location: 'body.password', message: 'This field is required.', fix: 'Provide this field.' },
          { location: 'query.limit', message: 'Too big' },
        ],
      },
    });
    expect(failureFromResponse(400, body, noHeaders).fieldErrors).toEqual({
      slug: 'This is reserved.',
      name: 'Use at least 1 characters.',
      scopes: 'This is not a data_plane scope.',
      password: 'This field is required.',
    });
  });

  it('has none for other failures', () => {
    const body = JSON.stringify({ error: { code: 'conflict', message: 'Taken.', requestId: 'r' } });
    expect(failureFromResponse(409, body, noHeaders).fieldErrors).toBeUndefined();
    expect(fieldErrorsFromDetails([{ location: 'params.keyId', message: 'bad' }])).toEqual({});
  });
});
