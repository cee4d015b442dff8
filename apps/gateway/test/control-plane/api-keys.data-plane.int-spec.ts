import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import { apiKeysContract, endpointPath, type ApiKeyView } from '@llmguard/shared';
import { addRoute } from '../support/fixtures';
import {
  startControlPlane,
  uniqueTag,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';

// One gateway process serves both planes: keys made through /api must work (and stop working) on /v1.

let harness: ControlPlaneHarness;
let upstream: DemoUpstream;
let owner: SignedUpUser;
let slug: string;
const model = `chat-${uniqueTag()}`;

type Issued = { key: ApiKeyView; secret: string };

beforeAll(async () => {
  harness = await startControlPlane();
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 3 });
  const tenant = await harness.tenantWithOwner();
  owner = tenant.owner;
  slug = tenant.slug;
  await addRoute(
    harness.prisma,
    { tenantId: tenant.tenantId, apiKey: '', apiKeyId: '', alias: (name) => name },
    { alias: model, provider: 'openai', baseUrl: `${upstream.url}/v1` },
  );
});

afterAll(async () => {
  await harness?.close();
  await upstream?.close();
});

function path(contract: { path: string }, keyId?: string): string {
  return endpointPath(contract.path, keyId ? { tenantSlug: slug, keyId } : { tenantSlug: slug });
}

async function createKey(body: Record<string, unknown> = {}): Promise<Issued> {
  const response = await owner.client.post<Issued>(path(apiKeysContract.create), {
    name: 'data plane',
    ...body,
  });
  expect(response.status).toBe(201);
  return response.body;
}

function ask(secret: string) {
  return openAIClient(secret).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
}

/** Polls until a call fails with the given status; returns how long that took (Infinity after the deadline). */
async function msUntilStatus(secret: string, status: number, deadlineMs = 1_000): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < deadlineMs) {
    const outcome = await ask(secret).then(
      () => 0,
      (error: unknown) => (error instanceof OpenAI.APIError ? (error.status ?? -1) : -1),
    );
    if (outcome === status) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Number.POSITIVE_INFINITY;
}

describe('keys created through the API on the data plane', () => {
  it('authenticates a new key at once, and refuses it with 401 within one second of revocation', async () => {
    const { key, secret } = await createKey();
    const completion = await ask(secret);
    expect(completion.choices[0]?.message.content).toBeTruthy();
    // Call again so the key is in every cache layer; only invalidation can make the gateway refuse it now.
    await ask(secret);

    const revoked = await owner.client.post(path(apiKeysContract.revoke, key.id));
    expect(revoked.status).toBe(200);
    expect(await msUntilStatus(secret, 401)).toBeLessThan(1_000);
  });

  it('applies a narrowed model list within one second', async () => {
    const { key, secret } = await createKey();
    await ask(secret);
    await owner.client.patch(path(apiKeysContract.update, key.id), { allowedModels: ['some-other-model'] });
    expect(await msUntilStatus(secret, 404)).toBeLessThan(1_000);
  });

  it('keeps the old secret working through the rotation overlap, and the new one works at once', async () => {
    const { key, secret: oldSecret } = await createKey();
    await ask(oldSecret);
    const overlapEndsAt = new Date(Date.now() + 60_000).toISOString();
    const rotated = await owner.client.post<Issued>(path(apiKeysContract.rotate, key.id), { overlapEndsAt });
    expect(rotated.status).toBe(201);
    await expect(ask(rotated.body.secret)).resolves.toBeTruthy();
    await expect(ask(oldSecret)).resolves.toBeTruthy();
  });

  it('refuses the old secret within one second of a rotation without overlap', async () => {
    const { key, secret: oldSecret } = await createKey();
    await ask(oldSecret);
    const rotated = await owner.client.post<Issued>(path(apiKeysContract.rotate, key.id));
    expect(await msUntilStatus(oldSecret, 401)).toBeLessThan(1_000);
    await expect(ask(rotated.body.secret)).resolves.toBeTruthy();
  });

  it('lets a key with default scopes call chat, messages and embeddings', async () => {
    const { key, secret } = await createKey();
    expect(key.scopes).toEqual(['inference', 'embeddings', 'audio', 'images']);
    const embeddings = await openAIClient(secret).embeddings.create({ model, input: 'hello' });
    expect(embeddings.data[0]?.embedding.length).toBeGreaterThan(0);
    await expect(ask(secret)).resolves.toBeTruthy();
  });

  it('refuses endpoints outside the key scopes with 403, in the wire format of each endpoint', async () => {
    const { secret } = await createKey({ scopes: ['embeddings'] });
    await expect(openAIClient(secret).embeddings.create({ model, input: 'hello' })).resolves.toBeTruthy();

    const chat = await ask(secret).catch((error: unknown) => error);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    const openAIError = (chat as InstanceType<typeof OpenAI.PermissionDeniedError>).error as {
      type: string;
      code: string;
      message: string;
    };
    expect(openAIError).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
    expect(openAIError.message).toContain('`inference` scope');

    const anthropic = new Anthropic({ apiKey: secret, baseURL: harness.gateway.dataPlaneUrl, maxRetries: 0 });
    const messages = await anthropic.messages
      .create({ model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(messages).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((messages as InstanceType<typeof Anthropic.PermissionDeniedError>).error).toMatchObject({
      type: 'error',
      error: { type: 'permission_error' },
    });
  });

  it('applies a scope change within one second', async () => {
    const { key, secret } = await createKey({ scopes: ['inference'] });
    await ask(secret);
    await owner.client.patch(path(apiKeysContract.update, key.id), { scopes: ['embeddings'] });
    expect(await msUntilStatus(secret, 403)).toBeLessThan(1_000);
  });
});

function openAIClient(secret: string): OpenAI {
  return new OpenAI({ apiKey: secret, baseURL: `${harness.gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
}
