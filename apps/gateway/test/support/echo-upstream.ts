import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A model server that answers "Echo: <the last user message>" verbatim, in OpenAI chat and Anthropic Messages
 * shapes, JSON or SSE, streaming the text a few characters per event so placeholders arrive cut in pieces. It keeps
 * every request body it received, so a test can check what an upstream saw. (The demo upstream echoes only the
 * first ASCII words of a prompt, which drops the `<` and `>` of placeholders.)
 */
export type EchoUpstream = {
  url: string;
  /** Request bodies received, as text, in order. */
  received: string[];
  close(): Promise<void>;
};

const CHARS_PER_EVENT = 3;

export async function startEchoUpstream(): Promise<EchoUpstream> {
  const received: string[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      received.push(text);
      const body = JSON.parse(text) as Record<string, unknown>;
      const reply = `Echo: ${lastUserText(body.messages)}`;
      if (request.url?.endsWith('/messages')) answerAnthropic(body, reply, response);
      else answerOpenAI(body, reply, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function lastUserText(messages: unknown): string {
  const last = Array.isArray(messages)
    ? [...(messages as { role?: string; content?: unknown }[])]
        .reverse()
        .find((message) => message.role === 'user')
    : undefined;
  const content = last?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as { text?: unknown }[])
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('');
}

const pieces = (text: string) => text.match(new RegExp(`[\\s\\S]{1,${CHARS_PER_EVENT}}`, 'g')) ?? [];

function answerOpenAI(body: Record<string, unknown>, reply: string, response: ServerResponse): void {
  const usage = {
    prompt_tokens: 10,
    completion_tokens: pieces(reply).length,
    total_tokens: 10 + pieces(reply).length,
  };
  const base = { id: 'chatcmpl-echo', created: 1, model: String(body.model) };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
        usage,
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '' }, null));
  for (const piece of pieces(reply)) response.write(chunk({ content: piece }, null));
  response.write(chunk({}, 'stop'));
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
  if (includeUsage)
    response.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`,
    );
  response.end('data: [DONE]\n\n');
}

function answerAnthropic(body: Record<string, unknown>, reply: string, response: ServerResponse): void {
  const usage = { input_tokens: 10, output_tokens: pieces(reply).length };
  const message = { id: 'msg_echo', type: 'message', role: 'assistant', model: String(body.model) };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        ...message,
        content: [{ type: 'text', text: reply }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage,
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const event = (name: string, data: object) =>
    `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  response.write(
    event('message_start', {
      message: {
        ...message,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    }),
  );
  response.write(event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }));
  for (const piece of pieces(reply)) {
    response.write(event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
  }
  response.write(event('content_block_stop', { index: 0 }));
  response.write(event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage }));
  response.end(event('message_stop', {}));
}
