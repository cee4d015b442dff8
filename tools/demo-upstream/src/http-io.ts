// Plain node:http plumbing: JSON and text responses, bounded JSON request bodies.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isObject, type JsonObject } from './json.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: OutgoingHttpHeaders,
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Plain text (e.g. a transcription with response_format "text"). */
export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export type BodyFailure =
  { ok: false; status: 400 | 413; message: string } | { ok: false; status: 'aborted' };

export type BodyResult = { ok: true; body: JsonObject } | BodyFailure;

/** Reads and parses a JSON object body; bodies over `limit` bytes are refused without buffering them. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false, status: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, status: 'aborted' });
    });
    req.on('end', () => {
      if (tooLarge)
        return resolve({ ok: false, status: 413, message: `request body exceeds ${limit} bytes` });
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return resolve({
          ok: false,
          status: 400,
          message: 'We could not parse the JSON body of your request.',
        });
      }
      if (!isObject(parsed))
        return resolve({ ok: false, status: 400, message: 'The request body must be a JSON object.' });
      resolve({ ok: true, body: parsed });
    });
  });
}
