import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '@llmguard/db';
import { invalidationChannel } from '@llmguard/server';
import { policyColumnsFromDocument, type GatewayEnv, type PolicyDocument } from '@llmguard/shared';
import { PolicyCatalog } from './policy-catalog';

const PREFIX = 'unit:';
const CHANNEL = invalidationChannel(PREFIX, 'policies');

type Tenant = { tierId: string; version: number | null; document: PolicyDocument };

/** Postgres as the catalog reads it: tenants with their tier, versions, tier defaults; counts the loads. */
function fakeDatabase(tenants: Record<string, Tenant>, tierDefaults: Record<string, PolicyDocument> = {}) {
  const state = { loads: 0, gate: Promise.resolve() };
  const prisma = {
    tenant: {
      findUnique: async ({ where }: { where: { id: string } }) => {
        state.loads += 1;
        await state.gate;
        const tenant = tenants[where.id];
        if (!tenant) return null;
        const defaults = tierDefaults[tenant.tierId];
        return {
          tierId: tenant.tierId,
          currentPolicyVersion: tenant.version,
          tier: { policyDefaults: defaults ? policyColumnsFromDocument(defaults) : null },
        };
      },
    },
    tenantPolicy: {
      findUnique: async ({ where }: { where: { tenantId_version: { tenantId: string } } }) =>
        policyColumnsFromDocument(tenants[where.tenantId_version.tenantId]!.document),
    },
  };
  return { prisma: prisma as unknown as PrismaClient, state };
}

/** A subscriber connection that delivers what the test publishes. */
class FakeSubscriber extends EventEmitter {
  async subscribe() {}
  async unsubscribe() {}
  publish(message: unknown) {
    this.emit('message', CHANNEL, typeof message === 'string' ? message : JSON.stringify(message));
  }
}

async function catalogOver(tenants: Record<string, Tenant>, tierDefaults?: Record<string, PolicyDocument>) {
  const database = fakeDatabase(tenants, tierDefaults);
  const subscriber = new FakeSubscriber();
  const catalog = new PolicyCatalog(
    database.prisma,
    subscriber as unknown as Redis,
    {
      REDIS_KEY_PREFIX: PREFIX,
    } as GatewayEnv,
  );
  await catalog.onModuleInit();
  return { catalog, subscriber, state: database.state, tenants };
}

const openaiOnly: PolicyDocument = { routing: { allowedProviders: ['openai'] } };

describe('PolicyCatalog', () => {
  it('loads once on first use, then answers from memory with the effective policy', async () => {
    const { catalog, state } = await catalogOver(
      { t1: { tierId: 'pro', version: 1, document: { cache: { storePromptText: false } } } },
      { pro: openaiOnly },
    );
    expect(catalog.cached('t1')).toBeUndefined();
    const [first, second] = await Promise.all([catalog.load('t1'), catalog.load('t1')]);
    expect(state.loads).toBe(1);
    expect(first).toBe(second);
    expect(catalog.cached('t1')).toMatchObject({
      tierId: 'pro',
      version: 1,
      policy: { routing: { allowedProviders: ['openai'] }, cache: { storePromptText: false } },
    });
    expect([...(catalog.cached('t1')?.allowedProviders ?? [])]).toEqual(['openai']);
  });

  it("drops a tenant on its message, and every tenant of a tier on the tier's message", async () => {
    const { catalog, subscriber } = await catalogOver({
      a: { tierId: 'free', version: null, document: {} },
      b: { tierId: 'free', version: null, document: {} },
      c: { tierId: 'pro', version: null, document: {} },
    });
    for (const id of ['a', 'b', 'c']) await catalog.load(id);
    subscriber.publish({ tenantId: 'a', version: 2 });
    expect(['a', 'b', 'c'].map((id) => catalog.cached(id) !== undefined)).toEqual([false, true, true]);
    subscriber.publish({ tierId: 'free' });
    expect(['a', 'b', 'c'].map((id) => catalog.cached(id) !== undefined)).toEqual([false, false, true]);
  });

  it('clears everything on a message it cannot read, and when the subscription comes back', async () => {
    const { catalog, subscriber } = await catalogOver({ a: { tierId: 'free', version: null, document: {} } });
    await catalog.load('a');
    subscriber.publish('not json');
    expect(catalog.cached('a')).toBeUndefined();
    await catalog.load('a');
    subscriber.emit('ready');
    expect(catalog.cached('a')).toBeUndefined();
  });

  it('does not cache a load that a change overtook (it may have read the old version)', async () => {
    const { catalog, subscriber, state } = await catalogOver({
      a: { tierId: 'free', version: 1, document: openaiOnly },
    });
    let release = () => {};
    state.gate = new Promise((resolve) => (release = resolve));
    const loading = catalog.load('a');
    subscriber.publish({ tenantId: 'a', version: 2 });
    release();
    await loading;
    expect(catalog.cached('a')).toBeUndefined();
  });

  it('refuses (503) when the policy cannot be loaded, rather than enforcing nothing', async () => {
    const { catalog, state } = await catalogOver({});
    state.gate = Promise.reject(new Error('connection refused'));
    state.gate.catch(() => undefined);
    await expect(catalog.load('a')).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(catalog.cached('a')).toBeUndefined();
  });
});
