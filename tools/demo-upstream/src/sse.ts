// Server-sent events with backpressure: a write that the socket cannot take yet is awaited until
// 'drain', and nothing is written once the client has gone. A slow reader therefore slows the
// stream down instead of making the server buffer the whole reply in memory.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { DemoStats } from './stats.js';

export type SseWriter = {
  /**
   * Writes one event carrying `tokens` output tokens (counted in stats when written); resolves
   * false, writing nothing, once the client is gone.
   */
  send(chunk: string, tokens?: number): Promise<boolean>;
  /** Ends the response with a last event, unless the client is gone. */
  end(chunk: string): void;
  isOpen(): boolean;
};

export const sseData = (json: string): string => `data: ${json}\n\n`;
export const sseEvent = (name: string, json: string): string => `event: ${name}\ndata: ${json}\n\n`;

// Listeners are removed either way, so thousands of waits on one response do not pile up.
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function openSse(res: ServerResponse, headers: OutgoingHttpHeaders, stats: DemoStats): SseWriter {
  let closed = false;
  res.once('close', () => {
    closed = true;
  });
  const isOpen = (): boolean => !closed && !res.destroyed && !res.writableEnded;

  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  // Headers go out now, so the client sees the 200 before time-to-first-token elapses.
  res.flushHeaders();

  return {
    isOpen,
    async send(chunk, tokens = 0) {
      if (!isOpen()) return false;
      stats.completionTokens += tokens;
      if (res.write(chunk)) return true;
      stats.drainWaits += 1;
      if (isOpen()) await drainOrClose(res);
      return isOpen();
    },
    end(chunk) {
      if (isOpen()) res.end(chunk);
    },
  };
}
