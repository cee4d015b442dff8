import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '@llmguard/server';
import { gatewayEnvSchema, parseEnv } from '@llmguard/shared';
import type OpenAI from 'openai';
import type Anthropic from '@anthropic-ai/sdk';
import type { TestTenant } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';
import { waitForUsageEvent } from './support/usage-stream';

// Azure OpenAI and Gemini have no local server: a small HTTP server replays their recorded
// payloads (the adapters' fixtures), after checking the URL and credential the gateway sent.
const FIXTURES = join(__dirname, '..', 'src', 'data-plane', 'providers', '__fixtures__');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const AZURE_KEY = 'azure-test-key';
const GEMINI_KEY = 'gemini-test-key';

type SeenRequest = { url: string; headers: IncomingMessage['headers']; body: Record<string, unknown> };
const seen: SeenRequest[] = [];
let fakeProviders: Server;
let harness: Harness;
let redis: Redis;
let tenant: TestTenant;
let openai: OpenAI;
let anthropic: Anthropic;

function startFakeProviders(): Promise<string> {
  fakeProviders = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      const url = request.url ?? '';
      const sse = (name: string) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end(fixture(name));
      };
      const json = (name: string) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(fixture(name));
      };
      if (url.startsWith('/openai/deployments/') && request.headers['api-key'] === AZURE_KEY) {
        return body.stream ? sse('azure-openai-text.chunks.txt') : json('openai-text.json');
      }
      if (url.includes(':streamGenerateContent') && request.headers['x-goog-api-key'] === GEMINI_KEY) {
        return sse('gemini-text.chunks.txt');
      }
      if (url.includes(':generateContent') && request.headers['x-goog-api-key'] === GEMINI_KEY) {
        return json('gemini-text.json');
      }
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'bad credential', type: 'invalid_request_error' } }));
    });
  });
  return new Promise((resolve) =>
    fakeProviders.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(fakeProviders.address() as AddressInfo).port}`),
    ),
  );
}

beforeAll(async () => {
  const fakeUrl = await startFakeProviders();
  const cipher = createCredentialCipher(parseEnv('test', gatewayEnvSchema, {}).CREDENTIAL_ENCRYPTION_KEY);
  harness = await startHarness({
    replyTokens: 3,
    routes: (alias) => [
      {
        alias: alias('azure'),
        provider: 'azure_openai',
        baseUrl: fakeUrl,
        upstreamModel: 'gpt-4o-mini-prod',
        apiVersion: '2024-10-21',
        encryptedCredential: cipher.encrypt(AZURE_KEY),
      },
      {
        alias: alias('gemini'),
        provider: 'gemini',
        baseUrl: fakeUrl,
        upstreamModel: 'gemini-2.5-flash',
        encryptedCredential: cipher.encrypt(GEMINI_KEY),
      },
    ],
  });
  ({ redis, tenant, openai, anthropic } = harness);
});

afterAll(async () => {
  await harness?.close();
  await new Promise((resolve) => fakeProviders?.close(resolve));
});

describe('Azure OpenAI deployments', () => {
  it('reach the deployment URL with the api-key header and stream back OpenAI chunks', async () => {
    const stream = await openai.chat.completions.create({
      model: tenant.alias('azure'),
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage ??= chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    const request = seen.at(-1)!;
    expect(request.url).toBe('/openai/deployments/gpt-4o-mini-prod/chat/completions?api-version=2024-10-21');
    expect(request.headers.authorization).toBeUndefined();
  });
});

describe('Gemini deployments', () => {
  it('serve an Anthropic client, streamed, and meter Gemini’s usage including cached input', async () => {
    const stream = anthropic.messages.stream({
      model: tenant.alias('gemini'),
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    const message = await stream.finalMessage();
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(text).toContain('Paris');
    expect(seen.at(-1)?.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    const requestId = (await stream.withResponse()).response.headers.get('x-request-id') ?? '';
    const event = await waitForUsageEvent(redis, requestId);
    expect(event).toMatchObject({
      provider: 'gemini',
      inputTokens: 2061,
      cachedInputTokens: 2048,
      tokenSource: 'upstream',
    });
  });

  it('answer an OpenAI client without streaming', async () => {
    const completion = await openai.chat.completions.create({
      model: tenant.alias('gemini'),
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    expect(completion.choices[0]?.message.content).toBe('The capital of France is Paris.');
    expect(completion.usage?.prompt_tokens).toBe(2061);
    expect(seen.at(-1)?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
  });
});
