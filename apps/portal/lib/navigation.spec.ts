import { describe, expect, it } from 'vitest';
import { AFTER_LOGIN_PATH, loginPathFor, safeNextPath } from './navigation';

describe('safeNextPath', () => {
  it('follows a path of the portal', () => {
    expect(safeNextPath('/acme/keys')).toBe('/acme/keys');
    expect(safeNextPath('/invite?token=abc')).toBe('/invite?token=abc');
  });

  // The login page must not become an open redirect.
  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    'evil',
    '/a\nb',
    '',
    null,
    undefined,
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe(AFTER_LOGIN_PATH);
  });
});

describe('loginPathFor', () => {
  it('comes back to the page after logging in', () => {
    expect(loginPathFor('/acme/keys')).toBe('/login?next=%2Facme%2Fkeys');
  });

  it('is plain /login when there is nowhere special to come back to', () => {
    expect(loginPathFor(undefined)).toBe('/login');
    expect(loginPathFor('//evil.example')).toBe('/login');
  });
});
