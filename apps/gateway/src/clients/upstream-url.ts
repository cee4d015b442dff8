const MAX_CACHED = 10_000;
const cache = new Map<string, URL>();

/**
 * The parsed URL of an upstream endpoint, memoised: a deployment calls the same few URLs on every request, and
 * parsing one costs more than the rest of building the request. Callers must not mutate the result. The cache is
 * bounded: when full it starts over (deployments change rarely, so it refills with the ones in use).
 */
export function upstreamUrl(text: string): URL {
  let url = cache.get(text);
  if (url === undefined) {
    url = new URL(text);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(text, url);
  }
  return url;
}
