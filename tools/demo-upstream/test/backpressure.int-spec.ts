// Flow control, observed through the server's own counters instead of timing.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DemoUpstream } from '../src/index.js';
import { startTestUpstream } from './helpers.js';

let up: DemoUpstream;
beforeAll(async () => {
  up = await startTestUpstream();
});
afterAll(() => up.close());
beforeEach(() => up.reset());

function openStream(
  tokens: number,
  extraHeaders: Record<string, string> = {},
): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
  return new Promise((resolve, reject) => {
    const req = http.request(`${up.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-tokens': String(tokens), ...extraHeaders },
    });
    req.on('response', (res) => resolve({ req, res }));
    req.on('error', reject);
    req.end(body);
  });
}

const countDeltas = (text: string): number => (text.match(/"delta":\{"content":"[^"]/g) ?? []).length;

describe('backpressure', () => {
  it('waits for drain while the reader is paused, then delivers every token', async () => {
    const total = 50_000; // ~9 MB of SSE: far more than the socket buffers hold
    const { res } = await openStream(total);
    res.pause();
    await vi.waitFor(() => expect(up.stats.drainWaits).toBeGreaterThan(0), { timeout: 20_000, interval: 20 });
    // Blocked on the paused reader: the server has not produced the rest of the reply.
    expect(up.stats.completionTokens).toBeLessThan(total);
    expect(up.stats.activeStreams).toBe(1);

    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.resume(); // an explicitly paused stream stays paused when a 'data' listener is added
    await new Promise((resolve) => res.on('end', resolve));
    expect(countDeltas(text)).toBe(total);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(up.stats).toMatchObject({ completionTokens: total, activeStreams: 0, clientDisconnects: 0 });
  });

  it('stops writing when the client goes away mid-stream', async () => {
    const total = 200_000;
    const { req, res } = await openStream(total);
    await new Promise((resolve) => res.once('data', resolve));
    req.destroy();
    await vi.waitFor(() => expect(up.stats.activeStreams).toBe(0), { timeout: 20_000, interval: 20 });
    expect(up.stats.clientDisconnects).toBe(1);
    expect(up.stats.injectedDisconnects).toBe(0);
    expect(up.stats.completionTokens).toBeLessThan(total);
  });

  it('abandons a non-streaming reply whose client left during the wait', async () => {
    const controller = new AbortController();
    const pending = fetch(`${up.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-ttft-ms': '600000' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(up.stats.promptTokens).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 10,
    });
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(up.stats.clientDisconnects).toBe(1), { timeout: 10_000, interval: 10 });
    expect(up.stats.completionTokens).toBe(0);
  });
});
