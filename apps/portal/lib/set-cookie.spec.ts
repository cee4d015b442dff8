import { describe, expect, it } from 'vitest';
import { parseSetCookie } from './set-cookie';

describe('parseSetCookie', () => {
  it('reads the name, value and every forwarded attribute', () => {
    expect(
      parseSetCookie(
        'llmguard_session=s%3Aabc.def; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; HttpOnly; Secure; SameSite=Lax',
      ),
    ).toEqual({
      name: 'llmguard_session',
      value: 's:abc.def',
      path: '/',
      expires: new Date('2026-10-21T07:28:00Z'),
      maxAge: 3600,
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
    });
  });

  // cookies().set() encodes the value with encodeURIComponent; decoding first keeps the browser's copy
  // byte for byte what the control plane sent.
  it('decodes the value so that re-encoding it restores the original', () => {
    const sent = 's%3AvQ1x%2Fa%2Bb.sig%2F%2B';
    const cookie = parseSetCookie(`sid=${sent}; Path=/`);
    expect(encodeURIComponent(cookie?.value ?? '')).toBe(sent);
    expect(parseSetCookie('sid=100%; Path=/')?.value).toBe('100%');
  });

  it('keeps "=" inside the value', () => {
    expect(parseSetCookie('token=a=b==')).toEqual({ name: 'token', value: 'a=b==' });
  });

  // The session must be scoped to the portal host, whatever domain the control plane named.
  it('drops the Domain attribute', () => {
    expect(parseSetCookie('sid=1; Domain=api.llmguard.example; Path=/')).toEqual({
      name: 'sid',
      value: '1',
      path: '/',
    });
  });

  it('ignores malformed attributes instead of failing', () => {
    expect(parseSetCookie('sid=1; Max-Age=soon; Expires=never; SameSite=sometimes; Path=relative')).toEqual({
      name: 'sid',
      value: '1',
    });
  });

  it('rejects a header without a name', () => {
    expect(parseSetCookie('=value')).toBeUndefined();
    expect(parseSetCookie('novalue')).toBeUndefined();
  });
});
