// The browser holds the control plane's session and CSRF cookies on the portal's origin (the portal
// re-issues them, see set-cookie.ts). Each server-side call to the control plane sends them back,
// and a state-changing call echoes the CSRF cookie in the header, as the control plane's double
// submit check requires. Only these two cookies leave the portal, with who the browser is (its
// address and user agent, for the audit log and sign-in throttling): nothing else of the browser's.

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

/** Reads one header of the browser's request (`headers().get(name)`). */
export type HeaderReader = (name: string) => string | null;

// Both are client-chosen text: bounded, like the control plane bounds what it stores.
const FORWARDED_FOR_LENGTH_MAX = 512;
const USER_AGENT_LENGTH_MAX = 512;

/**
 * The browser's address chain and user agent, for the control plane. Next.js sets X-Forwarded-For to the socket's
 * address when no proxy in front of the portal did; a proxy appends the address it saw. The control plane believes the
 * chain only from the portal's address (TRUSTED_PROXIES), and walks it back to the first address it does not trust.
 */
export function clientHeaders(readHeader: HeaderReader): Record<string, string> {
  const headers: Record<string, string> = {};
  const forwardedFor = readHeader('x-forwarded-for')?.trim();
  // A cut chain must keep its last hops, the ones the control plane reads first.
  if (forwardedFor) headers['x-forwarded-for'] = lastChars(forwardedFor, FORWARDED_FOR_LENGTH_MAX);
  const userAgent = readHeader('user-agent');
  if (userAgent) headers['user-agent'] = userAgent.slice(0, USER_AGENT_LENGTH_MAX);
  return headers;
}

function lastChars(chain: string, length: number): string {
  if (chain.length <= length) return chain;
  const tail = chain.slice(-length);
  // Start at a whole address.
  const comma = tail.indexOf(',');
  return (comma === -1 ? tail : tail.slice(comma + 1)).trim();
}
