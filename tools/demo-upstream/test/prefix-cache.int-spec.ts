import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoUpstream } from '../src/index.js';
import { startTestUpstream } from './helpers.js';

// 2 ms of prefill per uncached token makes the cache's effect far larger than timer noise.
const MS_PER_TOKEN = 2;
const SYSTEM = 'You are the assistant of a bicycle shop; answer briefly and politely. '.repeat(12);

let up: DemoUpstream;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  up = await startTestUpstream({ prefixCache: true, prefixBlockTokens: 16, prefillMsPerToken: MS_PER_TOKEN });
  openai = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'k', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: up.url, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => up.close());
beforeEach(() => up.reset());

/** Streams a chat; resolves with the cached tokens the server reported and the time to the first content chunk. */
async function chat(question: string) {
  const started = performance.now();
  const { data: stream, response } = await openai.chat.completions
    .create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: question },
      ],
    })
    .withResponse();
  let ttftMs = 0;
  for await (const chunk of stream) {
    if (!ttftMs && chunk.choices[0]?.delta.content) ttftMs = performance.now() - started;
  }
  return { cachedTokens: Number(response.headers.get('x-demo-prefix-cached-tokens')), ttftMs };
}

describe('simulated prefix cache', () => {
  it('makes a repeated prompt prefix cheaper: cached blocks skip their prefill', async () => {
    const cold = await chat('Do you repair tyres?');
    const warm = await chat('When do you open on Sundays?');
    expect(cold.cachedTokens).toBe(0);
    // The system prompt is ~170 tokens: its whole 16-token blocks are cached, the differing question is not.
    expect(warm.cachedTokens).toBeGreaterThanOrEqual(144);
    expect(warm.cachedTokens % 16).toBe(0);
    expect(cold.ttftMs - warm.ttftMs).toBeGreaterThan(warm.cachedTokens * MS_PER_TOKEN * 0.8);
    expect(up.stats.prefixCache).toMatchObject({ requests: 2, hits: 1, cachedTokens: warm.cachedTokens });
    expect(up.stats.prefixCache.blocks).toBeGreaterThan(0);
  });

  it('serves its counters at /demo/stats and empties on reset', async () => {
    await chat('Hello');
    const stats = (await (await fetch(`${up.url}/demo/stats`)).json()) as DemoUpstream['stats'];
    expect(stats.prefixCache.requests).toBe(1);
    up.reset();
    expect(up.stats.prefixCache).toMatchObject({ requests: 0, blocks: 0 });
    expect((await chat('Hello again')).cachedTokens).toBe(0);
  });

  it('caches Anthropic prompts too', async () => {
    const ask = (question: string) =>
      anthropic.messages
        .create({
          model: 'claude-3-5-haiku-latest',
          max_tokens: 16,
          system: SYSTEM,
          messages: [{ role: 'user', content: question }],
        })
        .withResponse();
    await ask('First question');
    const { response } = await ask('Second question');
    expect(Number(response.headers.get('x-demo-prefix-cached-tokens'))).toBeGreaterThanOrEqual(144);
  });
});
