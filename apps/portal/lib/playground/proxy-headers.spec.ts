import { describe, expect, it } from 'vitest';
import { browserResponseHeaders, gatewayRequestHeaders } from './proxy-headers';

describe('gatewayRequestHeaders', () => {
  it('passes the key, the body type and the demo knobs, never the portal’s cookies', () => {
    const headers = gatewayRequestHeaders(
      new Headers({
        authorization: 'Bearer lg_test_x',
        'content-type': 'application/json',
        cookie: 'llmguard_session=secret',
        'x-csrf-token': 'csrf',
        'x-demo-itl-ms': '80',
        host: 'portal.example.com',
      }),
    );
    expect(Object.fromEntries(headers)).toEqual({
      authorization: 'Bearer lg_test_x',
      'content-type': 'application/json',
      'x-demo-itl-ms': '80',
    });
  });
});

describe('browserResponseHeaders', () => {
  it('keeps the request id and limits, and asks every layer not to buffer the stream', () => {
    const headers = browserResponseHeaders(
      new Headers({
        'content-type': 'text/event-stream; charset=utf-8',
        'x-request-id': 'req_1',
        'x-ratelimit-remaining-requests': '9',
        'set-cookie': 'a=b',
        'content-length': '10',
      }),
    );
    expect(Object.fromEntries(headers)).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': 'req_1',
      'x-ratelimit-remaining-requests': '9',
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
    });
  });
});
