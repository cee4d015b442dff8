// The control plane answers a successful login with its session cookie. The browser talks to the
// portal, not to the control plane, so the login server action re-issues that cookie on the portal's
// own response. This parses one Set-Cookie header into the options Next's cookies().set() takes.
// Domain is dropped on purpose: the cookie belongs to the portal's host. The value is URI-decoded
// because cookies().set() encodes it again; the browser then holds the same bytes the control plane sent.

export type ForwardedCookie = {
  name: string;
  value: string;
  path?: string;
  expires?: Date;
  maxAge?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
};

/** Parses one Set-Cookie header (RFC 6265 §5.2); undefined when it has no `name=value`. */
export function parseSetCookie(header: string): ForwardedCookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const separator = pair.indexOf('=');
  if (separator <= 0) return undefined;
  const cookie: ForwardedCookie = {
    name: pair.slice(0, separator).trim(),
    value: decodeCookieValue(pair.slice(separator + 1).trim()),
  };
  if (cookie.name === '') return undefined;
  for (const attribute of attributes) {
    applyAttribute(cookie, attribute);
  }
  return cookie;
}

function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A stray "%" that is not an escape: encoding it again as %25 still round-trips.
    return value;
  }
}

function applyAttribute(cookie: ForwardedCookie, attribute: string): void {
  const separator = attribute.indexOf('=');
  const key = (separator === -1 ? attribute : attribute.slice(0, separator)).trim().toLowerCase();
  const value = separator === -1 ? '' : attribute.slice(separator + 1).trim();
  switch (key) {
    case 'path':
      if (value.startsWith('/')) cookie.path = value;
      break;
    case 'expires': {
      const expires = new Date(value);
      if (!Number.isNaN(expires.getTime())) cookie.expires = expires;
      break;
    }
    case 'max-age':
      if (/^-?\d+$/.test(value)) cookie.maxAge = Number(value);
      break;
    case 'httponly':
      cookie.httpOnly = true;
      break;
    case 'secure':
      cookie.secure = true;
      break;
    case 'samesite': {
      const sameSite = value.toLowerCase();
      if (sameSite === 'lax' || sameSite === 'strict' || sameSite === 'none') cookie.sameSite = sameSite;
      break;
    }
    default:
      // Domain, Partitioned, Priority and unknown attributes are not forwarded.
      break;
  }
}
