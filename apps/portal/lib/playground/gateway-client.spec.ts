import { describe, expect, it } from 'vitest';
import { buildChatRequestBody } from './chat-request';
import { parseChatChunk } from './chat-stream';
import { listModels, PLAYGROUND_CHAT_PATH, type RunMetrics, runChat } from './gateway-client';

// The browser side against answers shaped exactly like the gateway's (recorded from the test
// stack), delivered in awkward network chunks: SSE events split mid-line and several per chunk.

const chunk = (delta: object, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }], usage: null })}\n\n`;
const usage = `data: ${JSON.stringify({ id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 8, completion_tokens: 3, total_tokens: 11 } })}\n\n`;
const STREAM = [
  chunk({ role: 'assistant', content: '' }),
  chunk({ content: 'You' }),
  chunk({ content: ' said' }),
  chunk({ content: ':' }),
  chunk({}, 'stop'),
  usage,
  'data: [DONE]\n\n',
].join('');

function sseResponse(pieces: string[], headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream', ...headers } });
}

/** Cuts text into pieces of `size` characters, so events straddle chunk boundaries. */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size));
  return pieces;
}

const body = buildChatRequestBody({ model: 'demo-chat', systemPrompt: '', temperature: 1, maxTokens: 64 }, [
  { role: 'user', content: 'Hi' },
]);

function clock(step: number) {
  let time = 0;
  return () => (time += step);
}

describe('runChat', () => {
  it.each([7, 64, STREAM.length])(
    'streams text, usage and timings from %i-character chunks',
    async (size) => {
      const seen: string[] = [];
      let request: RequestInit | undefined;
      const outcome = await runChat({
        apiKey: 'lg_test_key',
        body,
        signal: new AbortController().signal,
        onProgress: (text) => seen.push(text),
        now: clock(10),
        fetchImpl: async (url, init) => {
          expect(url).toBe(PLAYGROUND_CHAT_PATH);
          request = init;
          return sseResponse(cut(STREAM, size), { 'x-request-id': 'req_abc' });
        },
      });
      expect(outcome.status).toBe('done');
      expect(outcome.text).toBe('You said:');
      // Each delta is reported as it is read, so the text grows piece by piece.
      expect(seen.filter((text, index) => text !== seen[index - 1])).toEqual([
        'You',
        'You said',
        'You said:',
      ]);
      expect(outcome.metrics).toEqual<RunMetrics>({
        requestId: 'req_abc',
        timeToFirstTokenMs: 10,
        latencyMs: 20,
        inputTokens: 8,
        outputTokens: 3,
        finishReason: 'stop',
      });
      expect(new Headers(request?.headers).get('authorization')).toBe('Bearer lg_test_key');
      expect(JSON.parse(String(request?.body))).toMatchObject({ model: 'demo-chat', stream: true });
    },
  );

  it('reports the gateway’s error before the stream with its status and request id', async () => {
    const outcome = await runChat({
      apiKey: 'lg_test_bad',
      body,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      fetchImpl: async () =>
        Response.json(
          {
            error: {
              message: 'Incorrect API key provided: ****.',
              type: 'authentication_error',
              param: null,
              code: 'invalid_api_key',
            },
          },
          { status: 401, headers: { 'x-request-id': 'req_401' } },
        ),
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      failure: {
        status: 401,
        code: 'invalid_api_key',
        requestId: 'req_401',
        message: 'Incorrect API key provided: ****.',
      },
    });
  });

  it('keeps the text streamed before an error event inside the stream', async () => {
    const error = `data: ${JSON.stringify({ error: { message: 'The upstream model server stopped in the middle of the stream.', type: 'server_error', param: null, code: 'upstream_error' } })}\n\n`;
    const outcome = await runChat({
      apiKey: 'k',
      body,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      fetchImpl: async () => sseResponse([chunk({ content: 'Half' }), error], { 'x-request-id': 'req_mid' }),
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      text: 'Half',
      failure: { title: 'The stream stopped with an error', code: 'upstream_error', requestId: 'req_mid' },
    });
  });

  it('calls a stream cut without [DONE] a broken connection', async () => {
    const outcome = await runChat({
      apiKey: 'k',
      body,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      fetchImpl: async () => sseResponse([chunk({ content: 'Half' })]),
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      text: 'Half',
      failure: { title: 'Could not reach the gateway' },
    });
  });

  it('stops when aborted and keeps what arrived', async () => {
    const controller = new AbortController();
    const encoder = new TextEncoder();
    const outcome = await runChat({
      apiKey: 'k',
      body,
      signal: controller.signal,
      onProgress: () => controller.abort(),
      fetchImpl: async (_url, init) => {
        // A stream that never ends by itself, like a long answer: only the abort ends it.
        const stream = new ReadableStream<Uint8Array>({
          start(streamController) {
            streamController.enqueue(encoder.encode(chunk({ content: 'Once' })));
            init?.signal?.addEventListener('abort', () =>
              streamController.error(new DOMException('aborted', 'AbortError')),
            );
          },
        });
        return new Response(stream);
      },
    });
    expect(outcome).toMatchObject({ status: 'stopped', text: 'Once' });
  });

  it('says the gateway could not be reached when fetch fails', async () => {
    const outcome = await runChat({
      apiKey: 'k',
      body,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      fetchImpl: async () => {
        throw new TypeError('fetch failed');
      },
    });
    expect(outcome).toMatchObject({ status: 'failed', failure: { title: 'Could not reach the gateway' } });
  });
});

describe('parseChatChunk', () => {
  it('ignores role-only chunks, unknown JSON and non-JSON keep-alives', () => {
    expect(
      parseChatChunk(JSON.stringify({ choices: [{ delta: { role: 'assistant', content: '' } }] })),
    ).toEqual([]);
    expect(parseChatChunk('{"something":"else"}')).toEqual([]);
    expect(parseChatChunk('not json')).toEqual([]);
  });

  it('shows a refusal as text', () => {
    expect(parseChatChunk(JSON.stringify({ choices: [{ delta: { refusal: 'I cannot.' } }] }))).toEqual([
      { type: 'text-delta', text: 'I cannot.' },
    ]);
  });
});

describe('listModels', () => {
  it('lists the key’s models by name', async () => {
    const result = await listModels('k', undefined, async () =>
      Response.json({ object: 'list', data: [{ id: 'demo-embed' }, { id: 'demo-chat' }] }),
    );
    expect(result).toEqual({ ok: true, models: ['demo-chat', 'demo-embed'] });
  });

  it('passes a refused key on as a failure', async () => {
    const result = await listModels('bad', undefined, async () =>
      Response.json(
        {
          error: {
            message: 'Incorrect API key provided: ****.',
            type: 'authentication_error',
            param: null,
            code: 'invalid_api_key',
          },
        },
        { status: 401 },
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      failure: { status: 401, title: 'The gateway refused this API key' },
    });
  });
});
