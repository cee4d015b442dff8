import { describe, expect, it } from 'vitest';
import type { StreamForwarder } from '../passthrough/passthrough-adapter';
import { ModeratedStream } from './output-moderation-stream';

const identity: StreamForwarder = { push: (text) => text, end: () => '' };
const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const anthropic = (name: string, data: object) =>
  `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

describe('ModeratedStream', () => {
  it('lets OpenAI text through as it comes and holds the finish, the usage and [DONE] for the verdict', () => {
    const stream = new ModeratedStream('openai');
    const forwarder = stream.forwarder(identity, undefined);
    const out = forwarder.push(chunk({ role: 'assistant', content: 'Hel' }) + chunk({ content: 'lo' }));
    expect(out).toContain('"Hel"');
    expect(out).toContain('"lo"');
    const ending =
      chunk({ content: '!' }, 'stop') +
      `data: ${JSON.stringify({ id: 'c', choices: [], usage: { completion_tokens: 3 } })}\n\ndata: [DONE]\n\n`;
    expect(forwarder.push(ending) + forwarder.end()).toBe('');
    expect(stream.generatedTexts()).toEqual(['Hello!']);
    const held = stream.takeHeld();
    expect(held).toContain('"finish_reason":"stop"');
    expect(held).toContain('completion_tokens');
    expect(held.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(stream.takeHeld()).toBe('');
  });

  it('keeps each choice and tool call apart in what the moderation model gets', () => {
    const stream = new ModeratedStream('openai');
    const forwarder = stream.forwarder(identity, undefined);
    forwarder.push(
      chunk({ content: 'Calling' }) +
        chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{"q":"x"}' } }] }),
    );
    expect(stream.generatedTexts()).toEqual(['Calling', '{"q":"x"}']);
  });

  it('holds an Anthropic stream from message_delta on', () => {
    const stream = new ModeratedStream('anthropic');
    const forwarder = stream.forwarder(identity, undefined);
    const text =
      anthropic('message_start', { message: { id: 'm', content: [] } }) +
      anthropic('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }) +
      anthropic('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Fine' } }) +
      anthropic('content_block_stop', { index: 0 });
    expect(forwarder.push(text)).toContain('content_block_stop');
    const ending =
      anthropic('message_delta', { delta: { stop_reason: 'end_turn' } }) + anthropic('message_stop', {});
    expect(forwarder.push(ending)).toBe('');
    expect(stream.generatedTexts()).toEqual(['Fine']);
    expect(stream.takeHeld()).toBe(ending);
  });
});
