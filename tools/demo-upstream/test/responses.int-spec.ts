import { encode, encodeChat } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoUpstream } from '../src/index.js';
import { postJson, startTestUpstream } from './helpers.js';

let up: DemoUpstream;
let client: OpenAI;

beforeAll(async () => {
  up = await startTestUpstream();
  client = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'any-key', maxRetries: 0 });
});
afterAll(() => up.close());
beforeEach(() => up.reset());

const question = 'Tell me a story about a brave little toaster';

describe('responses', () => {
  it('answers a string input with a completed response, usage from the tokenizer', async () => {
    const res = await client.responses.create({ model: 'gpt-4o-mini', input: question });
    expect(res).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-4o-mini',
      error: null,
      incomplete_details: null,
      instructions: null,
    });
    expect(res.id).toMatch(/^resp_/);
    expect(res.output).toHaveLength(1);
    const item = res.output[0];
    if (item?.type !== 'message') throw new Error('expected a message item');
    expect(item).toMatchObject({ status: 'completed', role: 'assistant' });
    expect(item.id).toMatch(/^msg_/);
    expect(item.content).toEqual([
      { type: 'output_text', text: res.output_text, annotations: [], logprobs: [] },
    ]);
    expect(res.output_text).toMatch(/^You said: Tell me a story about a brave little toaster\. /);
    expect(res.usage).toEqual({
      input_tokens: encodeChat([{ role: 'user', content: question }], 'gpt-4o').length,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 24,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: (res.usage?.input_tokens ?? 0) + 24,
    });
    expect(encode(res.output_text)).toHaveLength(24);
    expect(up.stats).toMatchObject({
      byEndpoint: { 'POST /v1/responses': 1 },
      promptTokens: res.usage?.input_tokens,
      completionTokens: 24,
    });

    // The same prompt as a chat completion gets the same text and the same prompt count.
    const chat = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: question }],
    });
    expect(chat.usage?.prompt_tokens).toBe(res.usage?.input_tokens);
    const again = await client.responses.create({ model: 'gpt-4o-mini', input: question });
    expect(again.output_text).toBe(res.output_text);
    expect(again.id).not.toBe(res.id);
  });

  it('reads input items with input_text parts, and instructions as a system message', async () => {
    const instructions = 'You are a terse assistant.';
    const res = await client.responses.create({
      model: 'gpt-4.1-mini',
      instructions,
      input: [
        { role: 'user', content: 'An earlier question' },
        { role: 'assistant', content: 'An earlier answer' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is a toaster' }] },
      ],
    });
    expect(res.instructions).toBe(instructions);
    expect(res.output_text).toMatch(/^You said: What is a toaster\. /);
    const asChat = [
      { role: 'system', content: instructions },
      { role: 'user', content: 'An earlier question' },
      { role: 'assistant', content: 'An earlier answer' },
      { role: 'user', content: 'What is a toaster' },
    ] as const;
    expect(res.usage?.input_tokens).toBe(encodeChat([...asChat], 'gpt-4o').length);
  });

  it('stops at max_output_tokens with status "incomplete"', async () => {
    const res = await client.responses.create(
      { model: 'gpt-4o', input: question, max_output_tokens: 16 },
      { headers: { 'x-demo-tokens': '40' } },
    );
    expect(res.status).toBe('incomplete');
    expect(res.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(res.max_output_tokens).toBe(16);
    expect(res.output[0]?.type === 'message' && res.output[0].status).toBe('incomplete');
    expect(res.usage?.output_tokens).toBe(16);
    expect(encode(res.output_text)).toHaveLength(16);

    await expect(
      client.responses.create({ model: 'gpt-4o', input: question, max_output_tokens: 5 }),
    ).rejects.toMatchObject({ status: 400, param: 'max_output_tokens', type: 'invalid_request_error' });
  });

  it('streams the typed event sequence; finalResponse assembles one delta per token', async () => {
    const stream = client.responses.stream(
      { model: 'gpt-4o-mini', input: question },
      { headers: { 'x-demo-tokens': '30' } },
    );
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();

    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array.from({ length: 30 }, () => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(encode(deltas.join(''))).toHaveLength(30);

    // The stream helper does not add the `output_text` convenience field; read the message item.
    const message = final.output[0];
    if (message?.type !== 'message') throw new Error('expected a message item');
    const text = message.content.map((part) => (part.type === 'output_text' ? part.text : '')).join('');
    expect(final.status).toBe('completed');
    expect(text).toBe(deltas.join(''));
    expect(message.status).toBe('completed');
    expect(final.usage?.output_tokens).toBe(30);
    expect(final.usage?.input_tokens).toBe(
      encodeChat([{ role: 'user', content: question }], 'gpt-4o').length,
    );
    const created = events[0];
    expect(created?.type === 'response.created' && created.response).toMatchObject({
      id: final.id,
      status: 'in_progress',
      usage: null,
    });
    const done = events.find((e) => e.type === 'response.output_text.done');
    expect(done?.type === 'response.output_text.done' && done.text).toBe(text);
    expect(up.stats).toMatchObject({ streams: 1, activeStreams: 0, completionTokens: 30 });
  });

  it('names every SSE event after its data type, with no [DONE] terminator', async () => {
    const res = await fetch(`${up.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-demo-tokens': '3' },
      body: JSON.stringify({ model: 'm', input: 'hi', stream: true }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const blocks = (await res.text()).split('\n\n').filter((b) => b !== '');
    const events = blocks.map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      expect(rest).toEqual([]);
      const data: unknown = JSON.parse((dataLine ?? '').replace(/^data: /, ''));
      return { name: (eventLine ?? '').replace(/^event: /, ''), data };
    });
    expect(events).toHaveLength(4 + 3 + 4); // opening events, one delta per token, closing events
    for (const event of events) expect(event.data).toMatchObject({ type: event.name });
    expect(events[0]?.data).toMatchObject({ response: { output: [], status: 'in_progress' } });
    expect(events[2]?.data).toMatchObject({ item: { content: [], status: 'in_progress' } });
  });

  it('ends a capped stream with response.incomplete', async () => {
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: question,
      max_output_tokens: 20,
      stream: true,
    });
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas += 1;
      last = event;
    }
    expect(deltas).toBe(20);
    if (last?.type !== 'response.incomplete') throw new Error(`ended with ${last?.type}`);
    expect(last.response.status).toBe('incomplete');
    expect(last.response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(last.response.usage?.output_tokens).toBe(20);
  });

  it('injects failures and cuts streams like the other endpoints', async () => {
    await expect(
      client.responses.create({ model: 'm', input: 'x' }, { headers: { 'x-demo-fail': '429' } }),
    ).rejects.toBeInstanceOf(OpenAI.RateLimitError);

    const stream = await client.responses.create(
      { model: 'm', input: 'x', stream: true },
      { headers: { 'x-demo-fail': 'disconnect', 'x-demo-tokens': '20' } },
    );
    const consume = async (): Promise<void> => {
      for await (const event of stream) void event;
    };
    await expect(consume()).rejects.toThrow();
    expect(up.stats).toMatchObject({
      injectedErrors: 1,
      injectedDisconnects: 1,
      completionTokens: 10,
      activeStreams: 0,
    });
  });

  it('rejects bad requests in the OpenAI error shape', async () => {
    const missing = await postJson(`${up.url}/v1/responses`, JSON.stringify({ model: 'm' }));
    expect(missing).toEqual({
      status: 400,
      json: {
        error: {
          message: "Missing required parameter: 'input'.",
          type: 'invalid_request_error',
          param: 'input',
          code: null,
        },
      },
    });
    await expect(client.responses.create({ model: '', input: 'x' })).rejects.toMatchObject({
      status: 400,
      param: 'model',
    });
    await expect(
      client.responses.create({ model: 'm', input: 'x', previous_response_id: 'resp_nope' }),
    ).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
    // Unversioned path, as for the other OpenAI endpoints.
    const unversioned = await postJson(`${up.url}/responses`, JSON.stringify({ model: 'm', input: 'hi' }));
    expect(unversioned).toMatchObject({ status: 200, json: { object: 'response' } });
    expect(up.stats.badRequests).toBe(3);
  });
});
