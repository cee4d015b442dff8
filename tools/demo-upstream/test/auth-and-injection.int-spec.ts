import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { DemoUpstream } from '../src/index.js';
import { startTestUpstream } from './helpers.js';

let up: DemoUpstream | undefined;
afterEach(async () => {
  await up?.close();
  up = undefined;
});

const chat = (client: OpenAI) =>
  client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });

describe('api key', () => {
  it('accepts any key by default and only the configured one when set', async () => {
    up = await startTestUpstream({ apiKey: 'secret' });
    const good = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'secret', maxRetries: 0 });
    const bad = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(chat(good)).resolves.toMatchObject({ object: 'chat.completion' });
    await expect(chat(bad)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(bad.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

    const anthropic = new Anthropic({ baseURL: up.url, apiKey: 'wrong', maxRetries: 0 });
    const err = await anthropic.messages
      .create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(err).toMatchObject({ error: { type: 'error', error: { type: 'authentication_error' } } });
    const viaHeader = new Anthropic({ baseURL: up.url, apiKey: 'secret', maxRetries: 0 });
    await expect(
      viaHeader.messages.create({ model: 'c', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    ).resolves.toMatchObject({ type: 'message' });
    expect(up.stats.authFailures).toBe(3);
    expect((await fetch(`${up.url}/health`)).status).toBe(200);
  });
});

describe('seeded failure injection', () => {
  it('fails the configured fraction with the configured codes, repeatably after reset', async () => {
    up = await startTestUpstream({ errorRate: 0.5, errorCodes: [429, 503], seed: 42 });
    const client = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'k', maxRetries: 0 });
    const outcomes = async (): Promise<string[]> => {
      const out: string[] = [];
      for (let i = 0; i < 16; i++) {
        out.push(
          await chat(client).then(
            () => 'ok',
            (e: unknown) => String(e instanceof OpenAI.APIError ? e.status : e),
          ),
        );
      }
      return out;
    };
    const first = await outcomes();
    expect(new Set(first)).toEqual(new Set(['ok', '429', '503']));
    expect(up.stats.injectedErrors).toBe(first.filter((o) => o !== 'ok').length);
    up.reset();
    expect(await outcomes()).toEqual(first);
  });
});
