// Which headers the playground's proxy passes between the browser and the gateway. An allowlist
// both ways: the browser's cookies (the portal session) never reach the data plane, and the
// gateway's answer keeps only what the playground reads or a developer would look for.

/** Request headers passed to the gateway. */
const REQUEST_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'content-type',
  'accept',
  'anthropic-version',
]);

/**
 * The demo upstream's knobs (x-demo-tokens, x-demo-itl-ms, x-demo-fail…). The gateway forwards them
 * only to deployments tagged demo or test, so passing them on costs nothing elsewhere; the
 * end-to-end tests use them to slow a stream down or make it fail.
 */
const REQUEST_HEADER_PREFIXES = ['x-demo-'];

/** Response headers passed back to the browser. */
const RESPONSE_HEADERS = new Set(['content-type', 'x-request-id', 'retry-after']);
const RESPONSE_HEADER_PREFIXES = ['x-ratelimit-'];

export function gatewayRequestHeaders(incoming: Headers): Headers {
  return pick(incoming, REQUEST_HEADERS, REQUEST_HEADER_PREFIXES);
}

export function browserResponseHeaders(upstream: Headers): Headers {
  const headers = pick(upstream, RESPONSE_HEADERS, RESPONSE_HEADER_PREFIXES);
  // no-transform keeps any compression layer from buffering the event stream; the other two tell
  // caches and reverse proxies (nginx) the same.
  headers.set('cache-control', 'no-cache, no-store, no-transform');
  headers.set('x-accel-buffering', 'no');
  return headers;
}

function pick(source: Headers, names: ReadonlySet<string>, prefixes: readonly string[]): Headers {
  const picked = new Headers();
  source.forEach((value, name) => {
    if (names.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) picked.set(name, value);
  });
  return picked;
}
