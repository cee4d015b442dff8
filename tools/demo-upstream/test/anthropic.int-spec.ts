import Anthropic from '@anthropic-ai/sdk';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoUpstream } from '../src/index.js';
import { postJson, startTestUpstream } from './helpers.js';

let up: DemoUpstream;
let client: Anthropic;

beforeAll(async () => {
  up = await startTestUpstream();
  client = new Anthropic({ baseURL: up.url, apiKey: 'any-key', maxRetries: 0 });
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const system = 'You are a concise assistant.';
const userText = 'Explain why the sky is blue';
const expectedInput = encode(system).length + encode(userText).length;

describe('messages', () => {
  it('answers JSON with tokenizer-counted usage', async () => {
    const msg = await client.messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 1024,
      system,
      messages: [{ role: 'user', content: userText }],
    });
    const block = msg.content[0];
    expect(block?.type).toBe('text');
    const text = block?.type === 'text' ? block.text : '';
    expect(text).toMatch(/^You said: Explain why the sky is blue\. /);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage.input_tokens).toBe(expectedInput);
    expect(msg.usage.output_tokens).toBe(24);
    expect(encode(text)).toHaveLength(24);
  });

  it('streams with messages.stream(); finalMessage() usage counts the text deltas', async () => {
    const stream = client.messages.stream({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 1024,
      system,
      messages: [{ role: 'user', content: userText }],
    });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();
    expect(deltas).toHaveLength(24);
    expect(final.usage.output_tokens).toBe(deltas.length);
    expect(final.usage.input_tokens).toBe(expectedInput);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.content[0]?.type === 'text' && final.content[0].text).toBe(deltas.join(''));
  });

  it('sends the SSE events in the API order', async () => {
    const res = await fetch(`${up.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-tokens': '3' },
      body: JSON.stringify({
        model: 'claude',
        max_tokens: 100,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = [...(await res.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('stops at max_tokens with stop_reason "max_tokens"', async () => {
    const final = await client.messages
      .stream({ model: 'claude', max_tokens: 6, messages: [{ role: 'user', content: userText }] })
      .finalMessage();
    expect(final.stop_reason).toBe('max_tokens');
    expect(final.usage.output_tokens).toBe(6);
  });

  it('streams a tool_use block with input_json_delta', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'lookup_order',
        description: 'Find an order',
        input_schema: {
          type: 'object',
          properties: { order_id: { type: 'string' }, limit: { type: 'integer' } },
          required: ['order_id'],
        },
      },
    ];
    const stream = client.messages.stream({
      model: 'claude',
      max_tokens: 200,
      tools,
      messages: [{ role: 'user', content: 'Where is my order?' }],
    });
    let jsonDeltas = 0;
    stream.on('inputJson', () => {
      jsonDeltas += 1;
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    const block = final.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type !== 'tool_use') throw new Error('expected tool_use');
    expect(block.name).toBe('lookup_order');
    expect(block.id).toMatch(/^toolu_/);
    expect(block.input).toEqual({ order_id: 'demo' });
    expect(jsonDeltas).toBe(encode(JSON.stringify(block.input)).length);
    expect(final.usage.output_tokens).toBe(encode('lookup_order').length + jsonDeltas);

    // Answering with the tool result gets text back.
    const answer = await client.messages.create({
      model: 'claude',
      max_tokens: 200,
      tools,
      messages: [
        { role: 'user', content: 'Where is my order?' },
        { role: 'assistant', content: [block] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: block.id, content: 'shipped' }] },
      ],
    });
    expect(answer.content[0]?.type).toBe('text');
    expect(answer.stop_reason).toBe('end_turn');
  });

  it('counts tokens like the messages endpoint does', async () => {
    const counted = await client.messages.countTokens({
      model: 'claude',
      system,
      messages: [{ role: 'user', content: userText }],
    });
    expect(counted.input_tokens).toBe(expectedInput);
  });

  it('lists models in the Anthropic shape', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('claude-3-5-haiku-latest');
  });
});

describe('errors in the Anthropic shape', () => {
  it('requires max_tokens', async () => {
    const res = await postJson(
      `${up.url}/v1/messages`,
      JSON.stringify({ model: 'claude', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
  });

  it('rejects invalid JSON', async () => {
    const res = await postJson(`${up.url}/v1/messages`, '{nope');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('maps injected failures to the SDK error classes', async () => {
    const ask = (fail: string) =>
      client.messages.create(
        { model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-demo-fail': fail } },
      );
    const overloaded = await ask('529').catch((e: unknown) => e);
    expect(overloaded).toBeInstanceOf(Anthropic.OverloadedError);
    expect(overloaded).toMatchObject({
      status: 529,
      error: { type: 'error', error: { type: 'overloaded_error' } },
    });
    await expect(ask('429')).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(ask('500')).rejects.toMatchObject({ status: 500, error: { error: { type: 'api_error' } } });
  });

  it('cuts a stream on x-demo-fail: disconnect', async () => {
    const stream = client.messages.stream(
      { model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-demo-fail': 'disconnect' } },
    );
    await expect(stream.finalMessage()).rejects.toThrow();
    expect(up.stats).toMatchObject({ injectedDisconnects: 1, completionTokens: 12, activeStreams: 0 });
  });
});
