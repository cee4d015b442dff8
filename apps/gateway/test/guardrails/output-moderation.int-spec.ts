import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import type { PolicyDocumentInput, UsageEvent } from '@llmguard/shared';
import { startGateway } from '../../src/main';
import type { AppProcess } from '../support/app-process';
import { startBillingWorker } from '../support/billing-worker-process';
import { startEchoUpstream, type EchoUpstream } from '../support/echo-upstream';
import { addRoute, createTestTenant, ensureSlaTiers, setTenantPolicy } from '../support/fixtures';
import { startGuardrailModels, type GuardrailModels } from '../support/guardrail-models';
import { TEST_ENV } from '../support/test-env';
import { waitForUsageEvent } from '../support/usage-stream';

// Output moderation seen from the client (contentFilter.moderateOutput): the echo upstream answers "Echo: <prompt>",
// and the moderation stand-in calls an answer about a "detonator" violence (the prompt itself passes) and finds the
// model down for an answer about an "outage". A billing worker reads this gateway's usage stream (a key prefix of
// its own), so a refused answer is followed to its stored usage row and its audit entry.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
const KEY_PREFIX = `llmguard-test-outmod-${Date.now().toString(36)}:`;
let gateway: Awaited<ReturnType<typeof startGateway>>;
let echo: EchoUpstream;
let models: GuardrailModels;
let worker: AppProcess;

beforeAll(async () => {
  echo = await startEchoUpstream();
  models = await startGuardrailModels();
  gateway = await startGateway({
    ...TEST_ENV,
    REDIS_KEY_PREFIX: KEY_PREFIX,
    NODE_ENV: 'test',
    GATEWAY_PLANES: 'data',
    DATA_PLANE_PORT: '0',
  });
  await ensureSlaTiers(prisma);
  worker = await startBillingWorker({
    DATABASE_URL: TEST_ENV.DATABASE_URL,
    REDIS_URL: TEST_ENV.REDIS_URL,
    REDIS_KEY_PREFIX: KEY_PREFIX,
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await gateway?.close();
  await echo?.close();
  await models?.close();
  const keys = await redis.keys(`${KEY_PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  await prisma.$disconnect();
  redis.disconnect();
});

type Options = { onError?: 'allow' | 'block'; action?: 'flag' | 'block'; cache?: boolean };

/** A new tenant whose policy moderates completions (violence) with the stand-in, its routes and SDK clients. */
async function moderatedTenant({ onError = 'allow', action = 'block', cache = false }: Options = {}) {
  const tenant = await createTestTenant(prisma);
  const route = (name: string, provider: 'openai' | 'anthropic', baseUrl: string) =>
    addRoute(prisma, tenant, { alias: tenant.alias(name), provider, baseUrl });
  await route('gpt', 'openai', `${echo.url}/v1`);
  await route('claude', 'anthropic', echo.url);
  await route('guard', 'openai', `${models.url}/v1`);
  const policy: PolicyDocumentInput = {
    guardrails: {
      contentFilter: {
        blockedCategories: ['violence'],
        action,
        moderation: { model: tenant.alias('guard'), timeoutMs: 2_000, onError },
        moderateOutput: true,
      },
    },
    ...(cache ? { cache: { exact: { enabled: true, ttlSeconds: 600 } } } : {}),
  };
  await setTenantPolicy(prisma, tenant.tenantId, policy);
  return {
    tenantId: tenant.tenantId,
    gpt: tenant.alias('gpt'),
    claude: tenant.alias('claude'),
    openai: new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: tenant.apiKey, baseURL: gateway.dataPlaneUrl, maxRetries: 0 }),
  };
}

const usageOf = (requestId: string): Promise<UsageEvent> =>
  waitForUsageEvent(redis, requestId, 5_000, KEY_PREFIX);

/** The usage row and audit entries the billing worker stored for a request, once it has. */
async function storedByWorker(requestId: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = await prisma.usageEvent.findUnique({ where: { requestId } });
    if (row) {
      const audit = await prisma.auditLogEntry.findMany({ where: { targetId: requestId } });
      return { row, audit };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the billing worker stored no usage row for ${requestId}`);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('JSON answers', () => {
  it('passes a clean completion after asking the moderation model about it', async () => {
    const client = await moderatedTenant();
    const { data, response } = await client.openai.chat.completions
      .create({ model: client.gpt, messages: ask('Name a garden flower.') })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Echo: Name a garden flower.');
    // The prompt, then the completion: each side asked once.
    expect(models.moderated).toContainEqual(['Echo: Name a garden flower.']);
    const event = await usageOf(response.headers.get('x-request-id') ?? '');
    expect(event).toMatchObject({ status: 200, outcome: 'success' });
    expect(event.guardrails).toMatchObject({ outputModeration: 'moderated', blockedBy: null });
    expect(event.guardrails?.outputCategoriesFlagged).toBeUndefined();
  });

  it('refuses a flagged completion with 400 output_blocked (OpenAI shape), still metered, and audited as blocked', async () => {
    const client = await moderatedTenant();
    const error = await caught(
      client.openai.chat.completions.create({ model: client.gpt, messages: ask('What is a detonator?') }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.code).toBe('output_blocked');
    expect(refused.type).toBe('invalid_request_error');
    expect(refused.message).toContain('category violence');
    expect(refused.message).not.toContain('detonator');
    expect(refused.headers?.get('x-llmguard-guardrails')).toBe('output-categories=violence');
    const requestId = refused.requestID ?? '';
    const event = await usageOf(requestId);
    // The upstream produced the answer: its tokens are billed even though the client never saw them.
    expect(event).toMatchObject({
      status: 400,
      outcome: 'client_error',
      inputTokens: 10,
      tokenSource: 'upstream',
    });
    expect(event.outputTokens).toBeGreaterThan(0);
    expect(event.guardrails).toMatchObject({
      blockedBy: 'content_filter',
      outputCategoriesFlagged: ['violence'],
      outputModeration: 'moderated',
    });
    const { row, audit } = await storedByWorker(requestId);
    expect(row).toMatchObject({ status: 400, outputTokens: event.outputTokens });
    expect(audit).toMatchObject([
      {
        tenantId: client.tenantId,
        action: 'guardrail.blocked',
        after: { blockedBy: 'content_filter', outputCategoriesFlagged: ['violence'], categoriesFlagged: [] },
      },
    ]);
  });

  it('refuses in the Anthropic shape on /v1/messages, and on both translated paths', async () => {
    const client = await moderatedTenant();
    const anthropicError = await caught(
      client.anthropic.messages.create({
        model: client.claude,
        max_tokens: 64,
        messages: ask('What is a detonator?'),
      }),
    );
    expect(anthropicError).toBeInstanceOf(Anthropic.BadRequestError);
    expect((anthropicError as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('category violence') },
    });
    // An Anthropic client on an OpenAI deployment, and an OpenAI client on an Anthropic deployment.
    const translatedToOpenAI = await caught(
      client.anthropic.messages.create({ model: client.gpt, max_tokens: 64, messages: ask('A detonator?') }),
    );
    expect(translatedToOpenAI).toBeInstanceOf(Anthropic.BadRequestError);
    const translatedToAnthropic = await caught(
      client.openai.chat.completions.create({ model: client.claude, messages: ask('A detonator?') }),
    );
    expect(translatedToAnthropic).toBeInstanceOf(OpenAI.BadRequestError);
    expect((translatedToAnthropic as InstanceType<typeof OpenAI.BadRequestError>).code).toBe(
      'output_blocked',
    );
    const fine = await client.anthropic.messages.create({
      model: client.gpt,
      max_tokens: 64,
      messages: ask('A tulip?'),
    });
    expect(fine.content[0]).toMatchObject({ type: 'text', text: 'Echo: A tulip?' });
  });

  it('only reports a flagged completion when the content filter flags', async () => {
    const client = await moderatedTenant({ action: 'flag' });
    const { data, response } = await client.openai.chat.completions
      .create({ model: client.gpt, messages: ask('What is a detonator?') })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Echo: What is a detonator?');
    expect(response.headers.get('x-llmguard-guardrails')).toBe('output-categories=violence');
    const requestId = response.headers.get('x-request-id') ?? '';
    expect((await usageOf(requestId)).guardrails).toMatchObject({
      blockedBy: null,
      outputCategoriesFlagged: ['violence'],
    });
    expect((await storedByWorker(requestId)).audit).toMatchObject([{ action: 'guardrail.flagged' }]);
  });

  it('fails open or closed, as moderation.onError says, when the moderation model is down', async () => {
    const open = await moderatedTenant({ onError: 'allow' });
    const { data, response } = await open.openai.chat.completions
      .create({ model: open.gpt, messages: ask('Any outage today?') })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Echo: Any outage today?');
    expect((await usageOf(response.headers.get('x-request-id') ?? '')).guardrails).toMatchObject({
      outputModeration: 'unavailable',
      blockedBy: null,
    });
    const closed = await moderatedTenant({ onError: 'block' });
    const error = await caught(
      closed.openai.chat.completions.create({ model: closed.gpt, messages: ask('Any outage today?') }),
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as InstanceType<typeof OpenAI.InternalServerError>).status).toBe(503);
    expect((error as Error).message).toContain('refuses answers it cannot check');
    const event = await usageOf((error as InstanceType<typeof OpenAI.APIError>).requestID ?? '');
    expect(event).toMatchObject({ status: 503, outcome: 'upstream_error' });
    expect(event.outputTokens).toBeGreaterThan(0);
  });
});

describe('streams', () => {
  /** Everything an OpenAI stream delivered before it ended or failed, and how it ended. */
  async function readOpenAIStream(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
    let text = '';
    let finishReason: string | undefined;
    const error = await caught(
      (async () => {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
        }
      })(),
    );
    return { text, finishReason, error };
  }

  it('streams a clean completion to its normal finish', async () => {
    const client = await moderatedTenant();
    const stream = await client.openai.chat.completions.create({
      model: client.gpt,
      messages: ask('Name a garden flower.'),
      stream: true,
      stream_options: { include_usage: true },
    });
    const read = await readOpenAIStream(stream);
    expect(read).toEqual({ text: 'Echo: Name a garden flower.', finishReason: 'stop', error: undefined });
  });

  it('ends a flagged OpenAI stream with an error event instead of its finish, metered and audited', async () => {
    const client = await moderatedTenant();
    const { data: stream, response } = await client.openai.chat.completions
      .create({ model: client.gpt, messages: ask('What is a detonator?'), stream: true })
      .withResponse();
    const read = await readOpenAIStream(stream);
    // The tokens went out as they came; the finish never did, and the SDK raises the error event.
    expect(read.text).toBe('Echo: What is a detonator?');
    expect(read.finishReason).toBeUndefined();
    expect(read.error).toBeInstanceOf(OpenAI.APIError);
    expect((read.error as Error).message).toContain('category violence');
    expect((read.error as InstanceType<typeof OpenAI.APIError>).code).toBe('output_blocked');
    const requestId = response.headers.get('x-request-id') ?? '';
    const event = await usageOf(requestId);
    expect(event).toMatchObject({ status: 200, outcome: 'client_error', stream: true });
    expect(event.outputTokens).toBeGreaterThan(0);
    expect(event.guardrails).toMatchObject({
      blockedBy: 'content_filter',
      outputCategoriesFlagged: ['violence'],
    });
    expect((await storedByWorker(requestId)).audit).toMatchObject([{ action: 'guardrail.blocked' }]);
  });

  it('ends a flagged Anthropic stream with `event: error` and no message_stop, translated or not', async () => {
    const client = await moderatedTenant();
    for (const model of [client.claude, client.gpt]) {
      const events: string[] = [];
      const error = await caught(
        (async () => {
          const stream = client.anthropic.messages.stream({
            model,
            max_tokens: 64,
            messages: ask('What is a detonator?'),
          });
          for await (const event of stream) events.push(event.type);
        })(),
      );
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect((error as Error).message).toContain('category violence');
      expect(events).toContain('content_block_delta');
      expect(events).not.toContain('message_delta');
      expect(events).not.toContain('message_stop');
    }
  });

  it('fails closed with an error event when the moderation model is down and onError is block', async () => {
    const closed = await moderatedTenant({ onError: 'block' });
    const stream = await closed.openai.chat.completions.create({
      model: closed.gpt,
      messages: ask('Any outage today?'),
      stream: true,
    });
    const read = await readOpenAIStream(stream);
    expect(read.finishReason).toBeUndefined();
    expect((read.error as Error).message).toContain('refuses answers it cannot check');
    const open = await moderatedTenant({ onError: 'allow' });
    const passed = await readOpenAIStream(
      await open.openai.chat.completions.create({
        model: open.gpt,
        messages: ask('Any outage today?'),
        stream: true,
      }),
    );
    expect(passed).toEqual({ text: 'Echo: Any outage today?', finishReason: 'stop', error: undefined });
  });
});

describe('answer cache', () => {
  /** The cache status of a request, once the answer's store (which runs behind the response) had time to land. */
  const cacheStatus = (error: unknown) =>
    (error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-llmguard-cache-status');

  it('never stores a refused answer, JSON or streamed, and moderates what it serves', async () => {
    const client = await moderatedTenant({ cache: true });
    const upstreamCalls = () => echo.received.length;
    const before = upstreamCalls();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await caught(
        client.openai.chat.completions.create({ model: client.gpt, messages: ask('A detonator, please.') }),
      );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(cacheStatus(error)).toBe('miss');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const streamed = await client.openai.chat.completions.create({
      model: client.gpt,
      messages: ask('A detonator, please.'),
      stream: true,
    });
    expect((await readStreamError(streamed)) as Error).toBeInstanceOf(OpenAI.APIError);
    // Every one of them went upstream: none was answered from the cache.
    expect(upstreamCalls() - before).toBe(3);

    // A clean answer is cached and served; the served copy goes past the moderation model too.
    const first = await client.openai.chat.completions.create({
      model: client.gpt,
      messages: ask('A tulip.'),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const asked = models.moderated.length;
    const { data, response } = await client.openai.chat.completions
      .create({ model: client.gpt, messages: ask('A tulip.') })
      .withResponse();
    expect(response.headers.get('x-llmguard-cache-status')).toBe('exact');
    expect(data.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
    expect(models.moderated.slice(asked)).toContainEqual(['Echo: A tulip.']);
  });
});

async function readStreamError(stream: AsyncIterable<unknown>): Promise<unknown> {
  return caught(
    (async () => {
      for await (const _chunk of stream) {
        // drained
      }
    })(),
  );
}
