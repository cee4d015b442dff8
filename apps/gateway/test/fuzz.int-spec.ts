import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTenant } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';

// The guarantee: whatever a client sends, the gateway answers with a well-formed response in the
// endpoint's wire format and keeps serving. Seeded, so a failure reproduces.
const SEED = 20261125;
let harness: Harness;
let tenant: TestTenant;
let gatewayUrl: string;

beforeAll(async () => {
  harness = await startHarness({
    replyTokens: 3,
    routes: (alias, upstreamUrl) => [
      { alias: alias('chat'), provider: 'openai', baseUrl: `${upstreamUrl}/v1` },
      { alias: alias('claude'), provider: 'anthropic', baseUrl: upstreamUrl },
    ],
  });
  tenant = harness.tenant;
  gatewayUrl = harness.gateway.dataPlaneUrl;
});

afterAll(() => harness?.close());

const validChat = () => ({
  model: tenant.alias('chat'),
  messages: [{ role: 'user', content: 'hello' }],
  stream: false,
});
const validMessages = () => ({
  model: tenant.alias('claude'),
  max_tokens: 5,
  messages: [{ role: 'user', content: 'hello' }],
});

/** Random bodies: garbage text, truncated valid requests, valid requests with fields replaced by random JSON. */
function bodies(valid: () => Record<string, unknown>) {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.nat({ max: 80 }).map((cut) => JSON.stringify(valid()).slice(0, cut)),
    fc
      .record({
        field: fc.constantFrom('model', 'messages', 'stream', 'max_tokens', 'temperature', 'tools'),
        value: fc.jsonValue(),
      })
      .map(({ field, value }) => JSON.stringify({ ...valid(), [field]: value })),
    fc.jsonValue().map((value) => JSON.stringify(value)),
  );
}

async function post(path: string, body: string) {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
    body,
  });
  return { response, text: await response.text() };
}

describe('fuzzed request bodies', () => {
  it('never break the OpenAI endpoint: every answer is a status and an OpenAI-shaped body', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(validChat), async (body) => {
        const { response, text } = await post('/v1/chat/completions', body);
        expect(response.headers.get('x-request-id')).toMatch(/^req_/);
        if (response.status >= 400) {
          expect(response.status).toBeLessThan(600);
          const parsed = JSON.parse(text) as { error?: { message?: unknown; type?: unknown } };
          expect(typeof parsed.error?.message).toBe('string');
          expect(typeof parsed.error?.type).toBe('string');
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('never break the Anthropic endpoint: errors are Anthropic-shaped', async () => {
    await fc.assert(
      fc.asyncProperty(bodies(validMessages), async (body) => {
        const { response, text } = await post('/v1/messages', body);
        if (response.status >= 400) {
          expect(JSON.parse(text)).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('keeps serving afterwards', async () => {
    expect((await fetch(`${gatewayUrl}/readyz`)).status).toBe(200);
    const { response } = await post('/v1/chat/completions', JSON.stringify(validChat()));
    expect(response.status).toBe(200);
  });
});

describe('streams cut by the upstream', () => {
  async function cutStream(path: string, body: Record<string, unknown>) {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.apiKey}`,
        'content-type': 'application/json',
        'x-demo-fail': 'disconnect',
        'x-demo-tokens': '20',
      },
      body: JSON.stringify({ ...body, stream: true }),
    });
    return response.text();
  }

  it('end with a well-formed OpenAI error event', async () => {
    const text = await cutStream('/v1/chat/completions', validChat());
    const events = text.trim().split('\n\n');
    const last = JSON.parse(events.at(-1)!.replace(/^data: /, '')) as { error: { type: string } };
    expect(last.error.type).toBe('api_error');
  });

  it('end with a well-formed Anthropic error event', async () => {
    const text = await cutStream('/v1/messages', validMessages());
    const last = text.trim().split('\n\n').at(-1)!;
    expect(last.startsWith('event: error\ndata: ')).toBe(true);
    expect(JSON.parse(last.split('data: ')[1]!)).toMatchObject({
      type: 'error',
      error: { type: 'api_error' },
    });
  });
});
