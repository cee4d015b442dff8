import { describe, expect, it } from 'vitest';
import { forwardedHeaders } from './forwarded-headers';

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
