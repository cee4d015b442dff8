import { type NextRequest, NextResponse } from 'next/server';
import { REQUEST_PATH_HEADER } from './lib/request-path-header';

// Layouts cannot see the URL in Next, yet a signed-out visit to /acme/keys must come back to
// /acme/keys after the login. This passes the requested path and query to server components in a
// request header (overwriting whatever the browser sent under that name).
export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not Next's assets, the health probes or the icon.
  matcher: ['/((?!_next/|healthz|readyz|icon.svg|robots.txt).*)'],
};
