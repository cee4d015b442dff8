import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream } from '@llmguard/demo-upstream';
import type { PolicyDocument, PolicyVersionView } from '@llmguard/shared';
import { startGateway } from '../src/main';
import { ApiClient } from './control-plane/support/api-client';
import {
  FAST_PASSWORD_HASHING,
  TEST_PASSWORD,
  uniqueEmail,
} from './control-plane/support/control-plane-harness';
import { addRoute, createTestTenant, ensureSlaTiers, type TestTenant } from './support/fixtures';
import { TEST_ENV } from './support/test-env';

// Policy changes made through the control plane reach every gateway instance within a second, through Redis
// pub/sub, with no restart: shown with routing.allowedProviders and the allowed regions.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let upstream: Awaited<ReturnType<typeof startDemoUpstream>>;
let gateways: Awaited<ReturnType<typeof startGateway>>[] = [];
let tenant: TestTenant;
let policyPath: string;
let admin: ApiClient;

beforeAll(async () => {
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 3 });
  gateways = await Promise.all(
    [1, 2].map(() =>
      startGateway({
        ...TEST_ENV,
        ...FAST_PASSWORD_HASHING,
        NODE_ENV: 'test',
        DATA_PLANE_PORT: '0',
        CONTROL_PLANE_PORT: '0',
      }),
    ),
  );
  await ensureSlaTiers(prisma);
  tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('chat'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  const { slug } = await prisma.tenant.findUniqueOrThrow({ where: { id: tenant.tenantId } });
  policyPath = `/api/tenants/${slug}/policy`;
  admin = new ApiClient(gateways[0]!.controlPlaneUrl);
  const email = uniqueEmail('admin');
  const signUp = await admin.post('/api/auth/signup', { email, password: TEST_PASSWORD, name: 'Admin' });
  expect(signUp.status).toBe(201);
  await prisma.user.update({ where: { email }, data: { isPlatformAdmin: true } });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await upstream?.close();
  await prisma.$disconnect();
});

function chat(gatewayUrl: string) {
  const client = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
  return client.chat.completions.create({
    model: tenant.alias('chat'),
    messages: [{ role: 'user', content: 'hi' }],
  });
}

function message(gatewayUrl: string) {
  const client = new Anthropic({ apiKey: tenant.apiKey, baseURL: gatewayUrl, maxRetries: 0 });
  return client.messages.create({
    model: tenant.alias('chat'),
    max_tokens: 16,
    messages: [{ role: 'user', content: 'hi' }],
  });
}

type Outcome = 'accepted' | 'refused' | 'other';

function outcomeOf(attempt: () => Promise<unknown>): Promise<Outcome> {
  return attempt().then(
    () => 'accepted',
    (error: unknown) =>
      error instanceof OpenAI.PermissionDeniedError || error instanceof Anthropic.PermissionDeniedError
        ? 'refused'
        : 'other',
  );
}

/** Polls until `attempt` has the outcome, or the deadline passes; returns the time it took. */
async function msUntil(
  outcome: Outcome,
  attempt: () => Promise<unknown>,
  deadlineMs: number,
): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < deadlineMs) {
    if ((await outcomeOf(attempt)) === outcome) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Number.POSITIVE_INFINITY;
}

async function currentVersion(): Promise<number | null> {
  return (await admin.get<{ currentVersion: number | null }>(policyPath)).body.currentVersion;
}

async function setPolicy(document: PolicyDocument): Promise<number> {
  const response = await admin.post<PolicyVersionView>(`${policyPath}/versions`, {
    document,
    expectedVersion: await currentVersion(),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.version;
}

/** Every instance reaches the outcome on both wire formats within one second. */
async function expectEverywhere(outcome: Outcome): Promise<void> {
  const delays = await Promise.all(
    gateways.flatMap((gateway) => [
      msUntil(outcome, () => chat(gateway.dataPlaneUrl), 1_000),
      msUntil(outcome, () => message(gateway.dataPlaneUrl), 1_000),
    ]),
  );
  for (const delay of delays) expect(delay).toBeLessThan(1_000);
}

describe('policy changes across gateway instances', () => {
  it('refuses a provider the new version disallows on every instance within one second, and accepts again after a restore', async () => {
    const allowing = await setPolicy({ routing: { allowedProviders: ['openai', 'anthropic'] } });
    // Warm both instances' policy caches, so only the pushed change (not expiry) can make them refuse.
    for (const gateway of gateways) {
      expect(await outcomeOf(() => chat(gateway.dataPlaneUrl))).toBe('accepted');
      expect(await outcomeOf(() => message(gateway.dataPlaneUrl))).toBe('accepted');
    }

    await setPolicy({ routing: { allowedProviders: ['anthropic', 'gemini'] } });
    await expectEverywhere('refused');

    const restored = await admin.post(`${policyPath}/versions/${allowing}/restore`, {
      comment: 'openai back',
    });
    expect(restored.status).toBe(201);
    await expectEverywhere('accepted');
  });

  it('answers the refusal in the client wire format, code policy_violation, naming the rule', async () => {
    await setPolicy({ routing: { allowedProviders: ['gemini'] } });
    await expectEverywhere('refused');
    const url = gateways[1]!.dataPlaneUrl;

    const openai = await chat(url).catch((error: unknown) => error);
    expect(openai).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(openai).toMatchObject({
      status: 403,
      code: 'policy_violation',
      type: 'permission_error',
      message: expect.stringContaining('routing.allowedProviders'),
    });

    const anthropic = await message(url).catch((error: unknown) => error);
    expect(anthropic).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((anthropic as InstanceType<typeof Anthropic.PermissionDeniedError>).error).toEqual({
      type: 'error',
      error: { type: 'permission_error', message: expect.stringContaining('routing.allowedProviders') },
    });
  });

  it('keeps requests in the regions the data-residency and routing rules allow, naming them when none is left', async () => {
    // The fixture's deployment runs in `local`.
    await setPolicy({ dataResidency: { allowedRegions: ['eu-west'] } });
    await expectEverywhere('refused');
    const refusal = await chat(gateways[0]!.dataPlaneUrl).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      status: 403,
      code: 'policy_violation',
      message: expect.stringContaining(
        'dataResidency.allowedRegions (eu-west) allows no deployment of the model',
      ),
    });
    expect((refusal as Error).message).toContain('its deployments run in local');
    await setPolicy({ dataResidency: { allowedRegions: ['eu-west', 'local'] } });
    await expectEverywhere('accepted');
    // Both rules apply: a region only one of them allows is not allowed.
    await setPolicy({
      dataResidency: { allowedRegions: ['eu-west', 'local'] },
      routing: { allowedRegions: ['eu-west'] },
    });
    await expectEverywhere('refused');
  });

  it('applies a change of the tier defaults to the tenants of the tier', async () => {
    const tierId = `tier-${tenant.alias('push')}`;
    await prisma.slaTier.create({
      data: { id: tierId, name: tierId, availabilityTargetBasisPoints: 9900, creditPercent: 0 },
    });
    await prisma.tenant.update({ where: { id: tenant.tenantId }, data: { tierId } });
    // The tenant's own routing rule would win over the tier's: start from a version that sets none.
    await setPolicy({ cache: { storePromptText: false } });
    await expectEverywhere('accepted');

    const put = await admin.request('PUT', `/api/admin/tiers/${tierId}/policy`, {
      body: { document: { routing: { allowedProviders: ['gemini'] } } },
    });
    expect(put.status).toBe(200);
    await expectEverywhere('refused');

    await admin.request('PUT', `/api/admin/tiers/${tierId}/policy`, { body: { document: {} } });
    await expectEverywhere('accepted');
  });

  it("applies a tenant's tier change (platform admin API) on every instance within one second", async () => {
    const tier = async (name: string, document: PolicyDocument) => {
      const tierId = `tier-${tenant.alias(name)}`;
      await prisma.slaTier.create({
        data: { id: tierId, name: tierId, availabilityTargetBasisPoints: 9900, creditPercent: 0 },
      });
      const put = await admin.request('PUT', `/api/admin/tiers/${tierId}/policy`, { body: { document } });
      expect(put.status).toBe(200);
      return tierId;
    };
    const open = await tier('open', {});
    const geminiOnly = await tier('gemini-only', { routing: { allowedProviders: ['gemini'] } });
    const moveTo = async (tierId: string) => {
      const patch = await admin.patch(`/api/admin/tenants/${tenant.tenantId}`, { tierId });
      expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    };
    await moveTo(open);
    await expectEverywhere('accepted');
    await moveTo(geminiOnly);
    await expectEverywhere('refused');
    await moveTo(open);
    await expectEverywhere('accepted');
  });
});
