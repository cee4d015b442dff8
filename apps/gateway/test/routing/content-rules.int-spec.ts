import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import type { PolicyDocumentInput } from '@llmguard/shared';
import type { RunningGateway } from '../../src/main';
import { createTestTenant, ensureSlaTiers, setTenantPolicy, type TestTenant } from '../support/fixtures';
import {
  addTestRoute,
  chatCalls,
  openaiFailureOf,
  QUICK_UPSTREAM,
  startRoutingGateway,
  type TestDeployment,
  usageEventsOf,
} from '../support/routing-fixtures';
import { TEST_ENV } from '../support/test-env';

// Content rules, data sensitivity and overflow, against demo-upstream replicas: which replica a request reaches is
// read from the replicas' own request counts, not only from the gateway's x-llmguard-deployment header.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
const redis = new Redis(TEST_ENV.REDIS_URL);
let gateway: RunningGateway;
let local: DemoUpstream;
let cloud: DemoUpstream;
let failing: DemoUpstream;

beforeAll(async () => {
  local = await startDemoUpstream(QUICK_UPSTREAM);
  cloud = await startDemoUpstream(QUICK_UPSTREAM);
  failing = await startDemoUpstream({ ...QUICK_UPSTREAM, errorRate: 1, errorCodes: [500] });
  gateway = await startRoutingGateway();
  await ensureSlaTiers(prisma);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([local, cloud, failing].map((upstream) => upstream?.close()));
  await prisma.$disconnect();
  redis.disconnect();
});

type Tenant = {
  tenant: TestTenant;
  alias: string;
  openai: OpenAI;
  anthropic: Anthropic;
  ids: Record<string, string>;
};

/** A new tenant with the given policy and one route over the given deployments. */
async function tenantWith(policy: PolicyDocumentInput, deployments: TestDeployment[]): Promise<Tenant> {
  const tenant = await createTestTenant(prisma);
  await setTenantPolicy(prisma, tenant.tenantId, policy);
  const alias = tenant.alias('rules');
  const ids = await addTestRoute(prisma, tenant, alias, deployments);
  return {
    tenant,
    alias,
    ids,
    openai: new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: tenant.apiKey, baseURL: gateway.dataPlaneUrl, maxRetries: 0 }),
  };
}

async function ask(target: Tenant, content: string, options: { headers?: Record<string, string> } = {}) {
  const { response } = await target.openai.chat.completions
    .create({ model: target.alias, messages: [{ role: 'user', content }] }, options)
    .withResponse();
  return {
    deployment: response.headers.get('x-llmguard-deployment'),
    requestId: response.headers.get('x-request-id') ?? '',
  };
}

/** How a chat request fails. */
function refusalOf(target: Tenant, content: string) {
  return openaiFailureOf(
    target.openai.chat.completions.create({ model: target.alias, messages: [{ role: 'user', content }] }),
  );
}

const PII_PROMPT = 'Please draft a reply to jane.doe@example.com about her card 4111 1111 1111 1111.';

describe('data sensitivity', () => {
  it('never sends a PII prompt to a cloud deployment, even when the local one fails: it is an error, not a spill', async () => {
    const target = await tenantWith({ routing: { sensitiveData: { piiLocalOnly: true } } }, [
      { name: 'on-prem', url: failing.url, tags: ['local'] },
      { name: 'cloud', url: cloud.url, tags: ['cloud'] },
    ]);
    // A prompt without personal data falls back to the cloud as usual: the cloud is reachable.
    expect((await ask(target, 'What is the capital of France?')).deployment).toBe('cloud');
    const cloudBefore = chatCalls(cloud);
    const failingBefore = chatCalls(failing);
    const failure = await refusalOf(target, PII_PROMPT);
    expect(failure).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failure.headers?.get('x-llmguard-deployment')).toBe('on-prem');
    expect(chatCalls(failing) - failingBefore).toBe(2); // the call and its retry, both on-premises
    // Streams, and the Anthropic format, are held to the same rule.
    await expect(
      target.anthropic.messages.create({
        model: target.alias,
        max_tokens: 16,
        messages: [{ role: 'user', content: PII_PROMPT }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.InternalServerError);
    await expect(
      (async () => {
        const stream = await target.openai.chat.completions.create({
          model: target.alias,
          messages: [{ role: 'user', content: PII_PROMPT }],
          stream: true,
        });
        for await (const chunk of stream) void chunk;
      })(),
    ).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect(chatCalls(cloud)).toBe(cloudBefore);
  });

  it('refuses (403, naming the policy) a PII prompt for a model with no local deployment', async () => {
    const target = await tenantWith({ routing: { sensitiveData: { piiLocalOnly: true } } }, [
      { name: 'cloud', url: cloud.url, tags: ['cloud'] },
    ]);
    const cloudBefore = chatCalls(cloud);
    const failure = await refusalOf(target, PII_PROMPT);
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(failure.message).toContain('routing.sensitiveData.piiLocalOnly');
    expect(chatCalls(cloud)).toBe(cloudBefore);
    expect((await ask(target, 'No personal data here.')).deployment).toBe('cloud');
  });

  it('keeps every request of a localOnly tenant on-premises', async () => {
    const target = await tenantWith({ routing: { sensitiveData: { localOnly: true } } }, [
      { name: 'cloud', url: cloud.url, tags: ['cloud'], priority: 0 },
      { name: 'on-prem', url: local.url, tags: ['local'], priority: 1 },
    ]);
    const cloudBefore = chatCalls(cloud);
    for (let i = 0; i < 3; i += 1) expect((await ask(target, 'Hello')).deployment).toBe('on-prem');
    expect(chatCalls(cloud)).toBe(cloudBefore);
  });
});

describe('overflow', () => {
  const policy = { routing: { overflow: { prefer: 'local', spillTo: 'cloud' } } };
  // The cloud deployment has the better priority: the overflow preference, not the priority, puts local first.
  const deployments = (): TestDeployment[] => [
    { name: 'cloud', url: cloud.url, tags: ['cloud'], priority: 0 },
    { name: 'on-prem', url: local.url, tags: ['local'], priority: 1, maxConcurrentRequests: 2 },
  ];

  it('serves everything locally while the local deployment has free slots', async () => {
    const target = await tenantWith(policy, deployments());
    const [localBefore, cloudBefore] = [chatCalls(local), chatCalls(cloud)];
    for (let i = 0; i < 4; i += 1) expect((await ask(target, 'Hello')).deployment).toBe('on-prem');
    expect(chatCalls(local) - localBefore).toBe(4);
    expect(chatCalls(cloud)).toBe(cloudBefore);
  });

  it('spills to the cloud only while both local slots are held, and comes back once they are free', async () => {
    const target = await tenantWith(policy, deployments());
    // Two slow streams hold the local deployment's two slots (8 tokens, 250 ms apart).
    const slow = { headers: { 'x-demo-itl-ms': '250' } };
    const held = await Promise.all(
      [0, 1].map(() =>
        target.openai.chat.completions
          .create(
            { model: target.alias, messages: [{ role: 'user', content: 'Tell me a story' }], stream: true },
            slow,
          )
          .withResponse(),
      ),
    );
    expect(held.map(({ response }) => response.headers.get('x-llmguard-deployment'))).toEqual([
      'on-prem',
      'on-prem',
    ]);
    const [localBefore, cloudBefore] = [chatCalls(local), chatCalls(cloud)];
    expect((await ask(target, 'Hello')).deployment).toBe('cloud');
    expect(chatCalls(cloud) - cloudBefore).toBe(1);
    expect(chatCalls(local)).toBe(localBefore);
    for (const { data: stream } of held) for await (const chunk of stream) void chunk;
    await new Promise((resolve) => setTimeout(resolve, 100)); // the slots are released when the streams settle
    expect((await ask(target, 'Hello')).deployment).toBe('on-prem');
  });

  it('spills when the local deployment is out of service (its circuit open or its calls failing)', async () => {
    const target = await tenantWith(policy, [
      { name: 'cloud', url: cloud.url, tags: ['cloud'], priority: 0 },
      { name: 'on-prem', url: failing.url, tags: ['local'], priority: 1 },
    ]);
    expect((await ask(target, 'Hello')).deployment).toBe('cloud');
  });
});

describe('content rules', () => {
  const rules = [
    { name: 'images', when: { hasImages: true }, then: { requireTags: ['vision'] } },
    { name: 'tools', when: { hasTools: true }, then: { requireTags: ['tools'] } },
    { name: 'batch', when: { metadata: { tier: 'batch' } }, then: { requireTags: ['batch'] } },
    { name: 'long', when: { minPromptTokens: 200 }, then: { requireTags: ['large'] } },
    { name: 'short', then: { excludeTags: ['vision', 'tools', 'batch', 'large'] } },
  ];
  const deployments = (): TestDeployment[] =>
    ['small', 'vision', 'tools', 'batch', 'large'].map((name) => ({ name, url: local.url, tags: [name] }));

  it('selects the deployments of the first matching rule: images, tools, metadata, prompt length, the rest', async () => {
    const target = await tenantWith({ routing: { rules } }, deployments());
    const { openai, alias } = target;
    const served = async (request: Promise<{ response: Response }>) =>
      (await request).response.headers.get('x-llmguard-deployment');
    const image =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    expect(
      await served(
        openai.chat.completions
          .create({
            model: alias,
            messages: [
              {
                role: 'user',
                content: [
                  { type: 'text', text: 'What is this?' },
                  { type: 'image_url', image_url: { url: image } },
                ],
              },
            ],
          })
          .withResponse(),
      ),
    ).toBe('vision');
    const tools = [
      { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } },
    ];
    expect(
      await served(
        openai.chat.completions
          .create({ model: alias, messages: [{ role: 'user', content: 'Hi' }], tools })
          .withResponse(),
      ),
    ).toBe('tools');
    expect(
      await served(
        openai.chat.completions
          .create(
            { model: alias, messages: [{ role: 'user', content: 'Hi' }] },
            { headers: { 'x-llmguard-tags': 'team=search, tier=batch' } },
          )
          .withResponse(),
      ),
    ).toBe('batch');
    expect(
      await served(
        openai.chat.completions
          .create({
            model: alias,
            messages: [{ role: 'user', content: 'Hi' }],
            metadata: { tier: 'batch' },
            store: false,
          })
          .withResponse(),
      ),
    ).toBe('batch');
    expect(
      await served(
        openai.chat.completions
          .create({
            model: alias,
            messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(60) }],
          })
          .withResponse(),
      ),
    ).toBe('large');
    expect(
      await served(
        openai.chat.completions
          .create({ model: alias, messages: [{ role: 'user', content: 'Hi' }] })
          .withResponse(),
      ),
    ).toBe('small');
    // The header tags requests in the Anthropic format too.
    const { response } = await target.anthropic.messages
      .create(
        { model: alias, max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] },
        { headers: { 'x-llmguard-tags': 'tier=batch' } },
      )
      .withResponse();
    expect(response.headers.get('x-llmguard-deployment')).toBe('batch');
  });

  it('refuses (403, naming the rule, in the client format) a request the rule leaves no deployment for', async () => {
    const target = await tenantWith(
      {
        routing: {
          rules: [{ name: 'tools-need-gpu', when: { hasTools: true }, then: { requireTags: ['gpu'] } }],
        },
      },
      deployments(),
    );
    const tools = [
      { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object' } } },
    ];
    const failure = await openaiFailureOf(
      target.openai.chat.completions.create({
        model: target.alias,
        messages: [{ role: 'user', content: 'Hi' }],
        tools,
      }),
    );
    expect(failure.status).toBe(403);
    expect(failure.message).toContain('Routing rule `tools-need-gpu`');
    const anthropicFailure = (await target.anthropic.messages
      .create({
        model: target.alias,
        max_tokens: 16,
        messages: [{ role: 'user', content: 'Hi' }],
        tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      })
      .catch((error: unknown) => error)) as InstanceType<typeof Anthropic.APIError>;
    expect(anthropicFailure.status).toBe(403);
    expect(anthropicFailure.error).toMatchObject({ type: 'error', error: { type: 'permission_error' } });
    // Requests the rule does not match are served as usual.
    expect((await ask(target, 'Hi')).deployment).toBe('small');
  });

  it('meters the request on the deployment the rule selected', async () => {
    const target = await tenantWith({ routing: { rules } }, deployments());
    const answer = await ask(target, 'Hi', { headers: { 'x-llmguard-tags': 'tier=batch' } });
    const events = await usageEventsOf(redis, answer.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      deploymentId: target.ids.batch,
      variant: 'batch',
      model: target.alias,
      degradedFrom: null,
    });
  });
});
