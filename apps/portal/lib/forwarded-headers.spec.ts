import { describe, expect, it } from 'vitest';
import { clientHeaders, forwardedHeaders } from './forwarded-headers';

const jar =
  (cookies: Record<string, string>) =>
  (name: string): string | undefined =>
    cookies[name];

describe('forwardedHeaders', () => {
  it('sends the session and CSRF cookies and echoes the CSRF token on a state-changing call', () => {
    const headers = forwardedHeaders(
      'POST',
      jar({ llmguard_session: 'sess', llmguard_csrf: 'tok', other: 'x' }),
    );
    expect(headers).toEqual({ cookie: 'llmguard_session=sess; llmguard_csrf=tok', 'x-csrf-token': 'tok' });
  });

  // The header is only for state-changing methods; reads never need it.
  it('does not echo the token on a GET', () => {
    expect(forwardedHeaders('GET', jar({ llmguard_session: 'sess', llmguard_csrf: 'tok' }))).toEqual({
      cookie: 'llmguard_session=sess; llmguard_csrf=tok',
    });
  });

  it.each(['PATCH', 'PUT', 'DELETE', 'post'])('echoes it on %s', (method) => {
    expect(forwardedHeaders(method, jar({ llmguard_csrf: 'tok' }))['x-csrf-token']).toBe('tok');
  });

  it('sends nothing for a signed-out browser', () => {
    expect(forwardedHeaders('POST', jar({ unrelated: '1' }))).toEqual({});
  });

  // Next hands cookie values decoded; the control plane must get back the bytes it set.
  it('encodes cookie values again', () => {
    expect(forwardedHeaders('GET', jar({ llmguard_session: 'a b;c' })).cookie).toBe(
      'llmguard_session=a%20b%3Bc',
    );
  });
});

describe('clientHeaders', () => {
  const request =
    (headers: Record<string, string>) =>
    (name: string): string | null =>
      headers[name] ?? null;

  it("forwards the browser's address chain and user agent", () => {
    expect(
      clientHeaders(request({ 'x-forwarded-for': '203.0.113.7, 10.0.0.2', 'user-agent': 'Firefox/140' })),
    ).toEqual({ 'x-forwarded-for': '203.0.113.7, 10.0.0.2', 'user-agent': 'Firefox/140' });
  });

  it('sends neither when the request has none', () => {
    expect(clientHeaders(request({}))).toEqual({});
  });

  it('bounds both, keeping the last hops of a long chain whole', () => {
    const chain = [...Array.from({ length: 60 }, (_, index) => `198.51.100.${index}`), '203.0.113.9'].join(
      ', ',
    );
    const forwarded = clientHeaders(request({ 'x-forwarded-for': chain, 'user-agent': 'x'.repeat(2_000) }));
    expect(forwarded['x-forwarded-for']!.length).toBeLessThanOrEqual(512);
    expect(forwarded['x-forwarded-for']).toMatch(/^198\.51\.100\.\d+, .*203\.0\.113\.9$/);
    expect(forwarded['user-agent']).toHaveLength(512);
  });
});
