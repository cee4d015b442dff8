// Where to send a browser after signing in. `next` comes from the address bar, so it is only
// followed when it is a path of the portal itself: never another origin ("//evil.example",
// "https://…", "/\evil.example"), which would make the login page an open redirect.

/** The page that picks where a signed-in user lands (their first tenant, or onboarding). */
export const AFTER_LOGIN_PATH = '/app';

/** `next` when it is a same-origin path, otherwise the default landing page. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return AFTER_LOGIN_PATH;
  }
  // Control characters (a newline in a header) and backslashes have no place in a portal path.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return AFTER_LOGIN_PATH;
  return next;
}

/** The login page, coming back to `next` afterwards. */
export function loginPathFor(next: string | undefined): string {
  const target = safeNextPath(next);
  return target === AFTER_LOGIN_PATH ? '/login' : `/login?next=${encodeURIComponent(target)}`;
}
