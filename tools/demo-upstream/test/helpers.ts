// Shared setup for the integration suites: an in-process server with no pacing delays.
import { startDemoUpstream, type DemoUpstream, type DemoUpstreamOptions } from '../src/index.js';

export function startTestUpstream(options: Partial<DemoUpstreamOptions> = {}): Promise<DemoUpstream> {
  return startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, ...options });
}

export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, json: await res.json() };
}
