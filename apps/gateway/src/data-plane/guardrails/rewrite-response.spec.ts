import { describe, expect, it } from 'vitest';
import type { StreamForwarder } from '../passthrough/passthrough-adapter';
import { PlaceholderVault } from './placeholder-vault';
import { StreamingRestorer } from './placeholder-vault';
import { rewriteJsonBody, rewritingStreamForwarder } from './rewrite-response';

const vault = new PlaceholderVault();
vault.placeholderFor('email', 'ana@example.com');
vault.placeholderFor('secret', 'pa"ss');

const passThrough: StreamForwarder = { push: (text) => text, end: () => '' };
const sse = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** The data payloads of an SSE text, parsed. */
function events(text: string): unknown[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map(
      (block) =>
        block
          .split('\n')
          .find((line) => line.startsWith('data: '))
          ?.slice(6) ?? '',
    )
    .map((data) => (data === '[DONE]' ? data : JSON.parse(data)));
}

describe('rewriteJsonBody', () => {
  it('puts values back in message content and JSON-escapes them inside tool-call arguments', () => {
    const body = Buffer.from(
      JSON.stringify({
        choices: [
          {
            message: {
              content: 'Mail <EMAIL_1>.',
              tool_calls: [{ function: { name: 'f', arguments: '{"p":"<SECRET_1>"}' } }],
            },
          },
        ],
      }),
    );
    const restored = JSON.parse(rewriteJsonBody(body, new StreamingRestorer(vault)).toString());
    expect(restored.choices[0].message.content).toBe('Mail ana@example.com.');
    expect(JSON.parse(restored.choices[0].message.tool_calls[0].function.arguments)).toEqual({ p: 'pa"ss' });
  });

  it('leaves ids, models and other fields that are not generated text alone', () => {
    const body = Buffer.from(
      JSON.stringify({ id: '<EMAIL_1>', model: '<EMAIL_1>', content: [{ type: 'text', text: '<EMAIL_1>' }] }),
    );
    expect(JSON.parse(rewriteJsonBody(body, new StreamingRestorer(vault)).toString())).toEqual({
      id: '<EMAIL_1>',
      model: '<EMAIL_1>',
      content: [{ type: 'text', text: 'ana@example.com' }],
    });
  });
});

describe('rewritingStreamForwarder', () => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: 'c',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  it('restores a placeholder split across OpenAI chunks, whatever the upstream cut', () => {
    const forwarder = rewritingStreamForwarder(passThrough, 'openai', new StreamingRestorer(vault));
    const upstream = [
      sse(chunk({ content: 'Write to <EMA' })),
      sse(chunk({ content: 'IL_1' })),
      sse(chunk({ content: '> today.' })),
      sse(chunk({}, 'stop')),
      'data: [DONE]\n\n',
    ].join('');
    // Cut the upstream text at arbitrary points, as the network does.
    const pieces = [upstream.slice(0, 17), upstream.slice(17, 101), upstream.slice(101)];
    const out = pieces.map((piece) => forwarder.push(piece)).join('') + forwarder.end();
    const text = events(out)
      .map((event) =>
        typeof event === 'string'
          ? ''
          : ((event as ReturnType<typeof chunk>).choices[0]?.delta.content ?? ''),
      )
      .join('');
    expect(text).toBe('Write to ana@example.com today.');
    expect(events(out).at(-1)).toBe('[DONE]');
  });

  it('gives a held tail back with the finishing chunk, and restores tool-call arguments JSON-escaped', () => {
    const forwarder = rewritingStreamForwarder(passThrough, 'openai', new StreamingRestorer(vault));
    const out =
      forwarder.push(
        sse(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"p":"<SECRET_1>"}' } }] })),
      ) +
      forwarder.push(sse(chunk({ content: 'end <' }))) +
      forwarder.push(sse(chunk({}, 'stop')));
    const [calls, partial, last] = events(out) as ReturnType<typeof chunk>[];
    expect(calls?.choices[0]?.delta.tool_calls).toEqual([
      { index: 0, function: { arguments: '{"p":"pa\\"ss"}' } },
    ]);
    expect(partial?.choices[0]?.delta.content).toBe('end ');
    expect(last?.choices[0]?.delta.content).toBe('<');
  });

  it('restores Anthropic text deltas and flushes a block’s held text before its stop', () => {
    const forwarder = rewritingStreamForwarder(passThrough, 'anthropic', new StreamingRestorer(vault));
    const delta = (text: string) =>
      sse(
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
        'content_block_delta',
      );
    const out =
      forwarder.push(delta('Hi <EMAIL')) +
      forwarder.push(delta('_1> and <EMA')) +
      forwarder.push(sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop'));
    const texts = (events(out) as { delta?: { text: string } }[]).map(
      (event) => event.delta?.text ?? '|stop',
    );
    expect(texts).toEqual(['Hi ', 'ana@example.com and ', '<EMA', '|stop']);
    expect(out).toContain('event: content_block_stop');
  });
});
