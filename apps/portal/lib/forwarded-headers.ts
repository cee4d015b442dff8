// The browser holds the control plane's session and CSRF cookies on the portal's origin (the portal
// re-issues them, see set-cookie.ts). Each server-side call to the control plane sends them back,
// and a state-changing call echoes the CSRF cookie in the header, as the control plane's double
// submit check requires. Only these two cookies leave the portal: nothing else of the browser's.

export const SESSION_COOKIE = 'llmguard_session';
export const CSRF_COOKIE = 'llmguard_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads one cookie of the browser's request (`cookies().get(name)?.value`). */
export type CookieReader = (name: string) => string | undefined;

/** The Cookie and x-csrf-token headers of a control-plane call made for the browser. */
export function forwardedHeaders(method: string, readCookie: CookieReader): Record<string, string> {
  const headers: Record<string, string> = {};
  const session = readCookie(SESSION_COOKIE);
  const csrf = readCookie(CSRF_COOKIE);
  // Next decodes cookie values; encode them again so the control plane gets the bytes it issued.
  const pairs = [
    session ? `${SESSION_COOKIE}=${encodeURIComponent(session)}` : undefined,
    csrf ? `${CSRF_COOKIE}=${encodeURIComponent(csrf)}` : undefined,
  ].filter((pair) => pair !== undefined);
  if (pairs.length > 0) headers.cookie = pairs.join('; ');
  if (csrf && !SAFE_METHODS.has(method.toUpperCase())) headers[CSRF_HEADER] = csrf;
  return headers;
}
