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

const messages = [
  { role: 'system', content: 'You are a helpful assistant.' },
  { role: 'user', content: 'Tell me a story about a brave little toaster' },
] as const;

describe('chat completions', () => {
  it('answers deterministically, echoing the prompt, with tokenizer-exact usage', async () => {
    const a = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [...messages] });
    const text = a.choices[0]?.message.content ?? '';
    expect(text).toMatch(/^You said: Tell me a story about a brave little toaster\. /);
    expect(a.choices[0]?.finish_reason).toBe('stop');
    expect(a.usage?.completion_tokens).toBe(24);
    expect(encode(text)).toHaveLength(24);
    expect(a.usage?.prompt_tokens).toBe(encodeChat([...messages], 'gpt-4o').length);

    const again = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [...messages] });
    expect(again.choices[0]?.message.content).toBe(text);
    const other = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Something else entirely' }],
    });
    expect(other.choices[0]?.message.content).not.toBe(text);
    expect(up.stats.byEndpoint['POST /v1/chat/completions']).toBe(3);
  });

  it('streams one token per content delta; the usage chunk counts exactly those deltas', async () => {
    const stream = await client.chat.completions.create(
      {
        model: 'gpt-4o-mini',
        messages: [...messages],
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: { 'x-demo-tokens': '40' } },
    );
    const deltas: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice?.delta.content) deltas.push(choice.delta.content);
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas).toHaveLength(40);
    expect(usage?.completion_tokens).toBe(deltas.length);
    expect(encode(deltas.join(''))).toHaveLength(deltas.length);
    expect(usage?.prompt_tokens).toBe(encodeChat([...messages], 'gpt-4o').length);
    expect(finish).toBe('stop');
    expect(up.stats).toMatchObject({ streams: 1, activeStreams: 0, completionTokens: 40 });
  });

  it('caps at max_tokens / max_completion_tokens with finish_reason "length"', async () => {
    const json = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [...messages],
      max_tokens: 5,
    });
    expect(json.choices[0]?.finish_reason).toBe('length');
    expect(json.usage?.completion_tokens).toBe(5);
    expect(json.choices[0]?.message.content).toBe('You said: Tell me');

    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [...messages],
      max_completion_tokens: 7,
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe('length');
    expect(final.usage?.completion_tokens).toBe(7);
  });

  it('streams a tool call that assembles into a valid call of the first tool', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' }, days: { type: 'integer' } },
            required: ['city'],
          },
        },
      },
      { type: 'function', function: { name: 'other_tool' } },
    ];
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
      tools,
      stream_options: { include_usage: true },
    });
    let argumentDeltas = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments) argumentDeltas += 1;
    }
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'demo' });
    expect(argumentDeltas).toBe(encode(call.function.arguments).length);
    expect(final.usage?.completion_tokens).toBe(encode('get_weather').length + argumentDeltas);

    // After the tool result, the model answers in text; tool_choice "none" never calls.
    const followUp = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'What is the weather in Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: call.id, type: 'function', function: call.function }],
        },
        { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 C' },
      ],
      tools,
    });
    expect(followUp.choices[0]?.message.tool_calls).toBeUndefined();
    expect(followUp.choices[0]?.message.content).toMatch(/^You said: What is the weather in Oslo\./);
    const none = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      tools,
      tool_choice: 'none',
    });
    expect(none.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('legacy completions', () => {
  it('answers JSON and SSE alike', async () => {
    const json = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say hello to the world',
      max_tokens: 9,
    });
    expect(json.choices[0]?.text).toMatch(/^You said: Say hello to the world\./);
    expect(json.choices[0]?.finish_reason).toBe('length');
    expect(json.usage).toMatchObject({
      prompt_tokens: encode('Say hello to the world').length,
      completion_tokens: 9,
    });

    const stream = await client.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'Say hello to the world',
      max_tokens: 9,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(json.choices[0]?.text);
    expect(usage?.completion_tokens).toBe(9);
  });
});

describe('embeddings', () => {
  const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

  it('returns deterministic unit vectors of the requested size (SDK default: base64)', async () => {
    const res = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['first text', 'second text'],
      dimensions: 64,
    });
    expect(res.data).toHaveLength(2);
    for (const item of res.data) {
      expect(item.embedding).toHaveLength(64);
      expect(norm(item.embedding)).toBeCloseTo(1, 5);
    }
    expect(res.usage.prompt_tokens).toBe(encode('first text').length + encode('second text').length);

    const again = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'first text',
      dimensions: 64,
    });
    expect(again.data[0]?.embedding).toEqual(res.data[0]?.embedding);
    expect(res.data[1]?.embedding).not.toEqual(res.data[0]?.embedding);

    const floats = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'first text',
      dimensions: 64,
      encoding_format: 'float',
    });
    expect(floats.data[0]?.embedding).toEqual(res.data[0]?.embedding);
    const defaults = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    expect(defaults.data[0]?.embedding).toHaveLength(256);
  });

  it('rejects an empty input in the OpenAI error shape', async () => {
    await expect(client.embeddings.create({ model: 'm', input: [] })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
  });
});

describe('models', () => {
  it('lists and retrieves models', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('gpt-4o-mini');
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
    await expect(client.models.retrieve('no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('failures', () => {
  it('injects statuses per request, in the OpenAI error shape', async () => {
    const ask = (fail: string) =>
      client.chat.completions.create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-demo-fail': fail } },
      );
    const limited = await ask('429').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'requests', code: 'rate_limit_exceeded' });
    await expect(ask('500')).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(ask('503')).rejects.toMatchObject({ status: 503 });
    // The bench's header name works too.
    await expect(
      client.embeddings.create({ model: 'm', input: 'x' }, { headers: { 'x-fake-fail': '529' } }),
    ).rejects.toMatchObject({ status: 529 });
    expect(up.stats.injectedErrors).toBe(4);
    expect(up.stats.injectedErrorsByStatus).toEqual({ '429': 1, '500': 1, '503': 1, '529': 1 });
  });

  it('cuts a stream part-way on x-demo-fail: disconnect', async () => {
    const stream = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
      { headers: { 'x-demo-fail': 'disconnect', 'x-demo-tokens': '20' } },
    );
    let deltas = 0;
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta.content) deltas += 1;
    };
    await expect(consume()).rejects.toThrow();
    // The server wrote 10 of 20 tokens; how many the client parsed before the error surfaced
    // depends on its buffering (fetch drops queued chunks when the body errors).
    expect(deltas).toBeLessThanOrEqual(10);
    expect(up.stats).toMatchObject({
      injectedDisconnects: 1,
      clientDisconnects: 0,
      completionTokens: 10,
      activeStreams: 0,
    });
  });

  it('a non-streaming disconnect is a connection error', async () => {
    await expect(
      client.chat.completions.create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-demo-fail': 'disconnect' } },
      ),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe('protocol errors', () => {
  it('answers invalid JSON, missing fields and unknown paths in the OpenAI shape', async () => {
    const bad = await postJson(`${up.url}/v1/chat/completions`, '{"model":');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { type: 'invalid_request_error' } });
    await expect(client.chat.completions.create({ model: 'm', messages: [] })).rejects.toMatchObject({
      status: 400,
      param: 'messages',
    });
    const missing = await fetch(`${up.url}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await fetch(`${up.url}/v1/chat/completions`)).status).toBe(405);
    expect(await (await fetch(`${up.url}/health`)).json()).toEqual({ ok: true });
  });
});
