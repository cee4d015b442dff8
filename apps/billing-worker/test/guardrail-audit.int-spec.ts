import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { chainHash, type JsonValue } from '@llmguard/server';
import { newId, type GuardrailSummary } from '@llmguard/shared';
import type { PricedUsageEvent } from '../src/usage-stream/usage-events.repository';
import {
  consumerKit,
  deleteUsageOf,
  testWorkerEnv,
  usageEvent,
  type ConsumerKit,
} from './support/usage-fixtures';

// Guardrail actions reach the audit log through the usage stream: the worker appends one entry per acting request
// to the tenant's hash chain, in the transaction that stores the events, so replays never audit twice.

const env = testWorkerEnv();
const prisma = createPrismaClient(env.DATABASE_URL);
// Audit entries are append-only and outlive a run: each run audits its own tenant.
const TENANT = newId('tnt');
let kit: ConsumerKit;

const summary = (overrides: Partial<GuardrailSummary>): GuardrailSummary => ({
  piiFound: {},
  piiActions: {},
  injectionScore: null,
  injectionFlagged: false,
  blockedBy: null,
  ...overrides,
});

const priced = (overrides: Parameters<typeof usageEvent>[1]): PricedUsageEvent => ({
  ...usageEvent(TENANT, overrides),
  priceSource: 'deployment',
  modelPriceId: null,
  cacheSavedCostMicros: 0,
});

beforeAll(async () => {
  kit = await consumerKit(env);
});

afterAll(async () => {
  await deleteUsageOf(prisma, TENANT);
  await kit.close();
  await prisma.$disconnect();
});

describe('guardrail audit entries', () => {
  it('appends one chained entry per acting request, counts only, exactly once across replays', async () => {
    const redacted = priced({
      guardrails: summary({ piiFound: { email: 2 }, piiActions: { email: 'redact' } }),
    });
    const blocked = priced({
      status: 400,
      outcome: 'client_error',
      guardrails: summary({
        piiFound: { credit_card: 1 },
        piiActions: { credit_card: 'block' },
        blockedBy: 'pii',
      }),
    });
    const flagged = priced({ guardrails: summary({ injectionScore: 0.93, injectionFlagged: true }) });
    const clean = priced({ guardrails: summary({ injectionScore: 0.1 }) });
    const batch = [redacted, blocked, flagged, clean, priced({})];

    expect(await kit.repository.storeBatch(batch)).toBe(5);
    expect(await kit.repository.storeBatch(batch)).toBe(0);

    const entries = await prisma.auditLogEntry.findMany({
      where: { tenantId: TENANT },
      orderBy: { sequence: 'asc' },
    });
    expect(entries.map((entry) => [entry.action, entry.targetId, entry.actorType, entry.actorId])).toEqual([
      ['guardrail.redacted', redacted.requestId, 'api_key', 'key_usage_test'],
      ['guardrail.blocked', blocked.requestId, 'api_key', 'key_usage_test'],
      ['guardrail.flagged', flagged.requestId, 'api_key', 'key_usage_test'],
    ]);
    expect(entries[1]?.after).toMatchObject({ piiFound: { credit_card: 1 }, blockedBy: 'pii', status: 400 });
    // The same actions reach Prometheus, once each, with closed label sets.
    const actions = (await kit.clients.metrics.guardrailActions.get()).values;
    expect(actions.map(({ labels, value }) => [labels.action, value]).sort()).toEqual([
      ['blocked', 1],
      ['flagged', 1],
      ['redacted', 1],
    ]);
    const found = (await kit.clients.metrics.guardrailPiiFound.get()).values;
    expect(found.find((value) => value.labels.kind === 'email')).toMatchObject({
      labels: { kind: 'email', direction: 'input' },
      value: 2,
    });
    // The chain verifies: each hash covers the previous one and the entry as stored.
    let previousHash: string | null = null;
    for (const entry of entries) {
      expect(entry.previousHash).toBe(previousHash);
      const recomputed = chainHash(previousHash, {
        ...entry,
        before: entry.before as JsonValue,
        after: entry.after as JsonValue,
      });
      expect(entry.hash).toBe(recomputed);
      previousHash = entry.hash;
    }
  });

  it('audits a completion the moderation model refused as blocked, and one it flagged, with the output categories', async () => {
    const refused = priced({
      status: 400,
      outcome: 'client_error',
      guardrails: summary({
        blockedBy: 'content_filter',
        outputCategoriesFlagged: ['violence'],
        outputModeration: 'moderated',
      }),
    });
    const reported = priced({
      guardrails: summary({ outputCategoriesFlagged: ['hate', 'violence'], outputModeration: 'moderated' }),
    });
    // A completion judged clean (or not judged: the model was down and the policy fails open) is not audited.
    const passed = priced({ guardrails: summary({ outputModeration: 'unavailable' }) });
    expect(await kit.repository.storeBatch([refused, reported, passed])).toBe(3);

    const entries = await prisma.auditLogEntry.findMany({
      where: {
        tenantId: TENANT,
        targetId: { in: [refused.requestId, reported.requestId, passed.requestId] },
      },
      orderBy: { sequence: 'asc' },
    });
    expect(entries.map((entry) => [entry.action, entry.targetId])).toEqual([
      ['guardrail.blocked', refused.requestId],
      ['guardrail.flagged', reported.requestId],
    ]);
    expect(entries[0]?.after).toMatchObject({
      blockedBy: 'content_filter',
      categoriesFlagged: [],
      outputCategoriesFlagged: ['violence'],
      outputModeration: 'moderated',
      status: 400,
    });
    const flagged = (await kit.clients.metrics.guardrailCategoriesFlagged.get()).values;
    expect(flagged.map(({ labels, value }) => [labels.category, labels.direction, value]).sort()).toEqual([
      ['hate', 'output', 1],
      ['violence', 'output', 2],
    ]);
  });
});
