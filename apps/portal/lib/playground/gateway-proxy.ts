import { getEnv } from '../env';
import { getSession } from '../session';
import { browserResponseHeaders, gatewayRequestHeaders } from './proxy-headers';

// The route handlers behind /api/playground/*: the browser's playground request goes to the
// gateway's data plane (PUBLIC_GATEWAY_URL) from the portal server, so the data plane needs no CORS.
// The answer's body is handed on as a stream, chunk by chunk as the gateway sends it, never read
// whole; the browser's abort (the Stop button, a closed tab) aborts the gateway call, which in turn
// aborts the upstream. Only signed-in portal users may use it, so the portal is not an open relay.
// The API key passes through in the Authorization header and is neither stored nor logged.

/** A prompt larger than this is a mistake in a playground (the gateway has its own limits for apps). */
export const PLAYGROUND_BODY_BYTES_MAX = 1024 * 1024;

export type GatewayPath = 'models' | 'chat/completions';

export async function proxyToGateway(request: Request, path: GatewayPath): Promise<Response> {
  const refusal = await sessionRefusal();
  if (refusal) return refusal;

  let body: ArrayBuffer | undefined;
  if (request.method === 'POST') {
    if (Number(request.headers.get('content-length') ?? 0) > PLAYGROUND_BODY_BYTES_MAX) return tooLarge();
    body = await request.arrayBuffer();
    if (body.byteLength > PLAYGROUND_BODY_BYTES_MAX) return tooLarge();
  }

  let upstream: Response;
  try {
    upstream = await fetch(new URL(`v1/${path}`, withTrailingSlash(getEnv().PUBLIC_GATEWAY_URL)), {
      method: request.method,
      headers: gatewayRequestHeaders(request.headers),
      body,
      signal: request.signal,
      cache: 'no-store',
      redirect: 'manual',
    });
  } catch {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return portalError(
      502,
      'gateway_unreachable',
      'The portal could not reach the gateway. Try again in a moment.',
    );
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: browserResponseHeaders(upstream.headers),
  });
}

/** A response refusing a browser without a portal session, or undefined to go on. */
async function sessionRefusal(): Promise<Response | undefined> {
  try {
    if (await getSession()) return undefined;
    return portalError(
      401,
      'portal_session_required',
      'Your portal session has ended. Log in again to use the playground.',
    );
  } catch {
    return portalError(
      503,
      'portal_session_unknown',
      'The portal could not check your session. Try again in a moment.',
    );
  }
}

function tooLarge(): Response {
  return portalError(
    413,
    'request_too_large',
    'The playground sends at most 1 MiB. Shorten the conversation.',
  );
}

/** The portal's own failures, in the gateway's OpenAI error shape so the playground reads one format. */
function portalError(status: number, code: string, message: string): Response {
  return Response.json(
    { error: { message, type: 'portal_error', param: null, code } },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
