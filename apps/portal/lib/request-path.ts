import { headers } from 'next/headers';

import { REQUEST_PATH_HEADER } from './request-path-header';

/** The requested path and query (e.g. /acme/keys?cursor=…), or `fallback` outside a proxied request. */
export async function requestPath(fallback: string): Promise<string> {
  return (await headers()).get(REQUEST_PATH_HEADER) ?? fallback;
}
