import { createHmac, timingSafeEqual } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { credentialSealerFromEnv, sealBudgetWebhookSecret } from '@llmguard/server';
import { newId, randomBase62, spendCounterKey, type BillingWorkerEnv } from '@llmguard/shared';
import { createWorkerClients, WorkerClientsModule } from '../src/clients/worker-clients';
import { BudgetAlertNotifier } from '../src/budgets/budget-alert.notifier';
import { BudgetAlertsService } from '../src/budgets/budget-alerts.service';
import { BudgetsProcessor } from '../src/budgets/budgets.processor';
import { EffectiveBudgetsRepository } from '../src/budgets/effective-budgets.repository';
import { KeyBudgetsRepository } from '../src/budgets/key-budgets.repository';
import { SpendCounterSync } from '../src/budgets/spend-counter.sync';
import { SmtpInbox } from './support/smtp-inbox';
import { ensureTiers } from './support/stripe-fixtures';
import { testWorkerEnv } from './support/usage-fixtures';
import { WebhookReceiver } from './support/webhook-receiver';

const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
);
const HOUR_MS = 3_600_000;
// A clock of its own, far from the real one, so other suites' rollups (updated now) never enter these runs.
const MARCH = new Date('2031-03-10T12:30:00Z');
const APRIL = new Date('2031-04-02T08:30:00Z');
const CAP_MICROS = 1_000_000n;
const SECRET = `whsec_${randomBase62(24)}`;

let env: BillingWorkerEnv;
let inbox: SmtpInbox;
let receiver: WebhookReceiver;
let kits: Awaited<ReturnType<typeof budgetsKit>>[] = [];
const tenantIds: string[] = [];
const userIds: string[] = [];

async function budgetsKit() {
  const clients = createWorkerClients(env);
  const module = await Test.createTestingModule({
    imports: [WorkerClientsModule.forClients(clients)],
    providers: [
      SpendCounterSync,
      EffectiveBudgetsRepository,
      KeyBudgetsRepository,
      BudgetAlertNotifier,
      BudgetAlertsService,
      BudgetsProcessor,
    ],
  }).compile();
  return {
    clients,
    processor: module.get(BudgetsProcessor),
    async close() {
      await module.close();
      await clients.close();
    },
  };
}

async function member(tenantId: string, role: 'owner' | 'billing' | 'developer'): Promise<string> {
  const id = newId('usr');
  const email = `${role}-${randomBase62(8).toLowerCase()}@budgets.test`;
  await prisma.user.create({ data: { id, email, name: role } });
  await prisma.membership.create({ data: { id: newId('mem'), tenantId, userId: id, role } });
  userIds.push(id);
  return email;
}

/** A tenant on `pro` whose own policy version sets a monthly cap and 50/80/100% alerts. */
async function tenantWithBudget() {
  const tenantId = newId('tnt');
  const slug = `budgets-${randomBase62(10).toLowerCase()}`;
  await prisma.tenant.create({
    data: { id: tenantId, slug, name: `Acme ${slug}`, tierId: 'pro', currentPolicyVersion: 1 },
  });
  tenantIds.push(tenantId);
  await prisma.tenantPolicy.create({
    data: {
      id: newId('pol'),
      tenantId,
      version: 1,
      rateLimits: {},
      budgets: {
        monthlyCapMicros: CAP_MICROS.toString(),
        action: 'alert',
        alertThresholdsPercent: [50, 80, 100],
      },
      guardrails: {},
      cache: {},
      routing: {},
      dataResidency: {},
    },
  });
  return tenantId;
}

/** Usage as the usage-stream consumer leaves it: a rollup row, touched at `at`. */
async function spend(tenantId: string, at: Date, costMicros: number, apiKeyId = 'key_budget_a') {
  const hourStart = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  await prisma.usageRollupHourly.upsert({
    where: { tenantId_apiKeyId_model_hourStart: { tenantId, apiKeyId, model: 'demo-chat', hourStart } },
    create: { tenantId, apiKeyId, model: 'demo-chat', hourStart, requests: 1, costMicros, updatedAt: at },
    update: { costMicros: { increment: costMicros }, updatedAt: at },
  });
}

const counter = (key: string) => kits[0]!.clients.redis.get(`${env.REDIS_KEY_PREFIX}${key}`);

function verifySignature(header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', SECRET).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

beforeAll(async () => {
  await ensureTiers(prisma);
  inbox = await SmtpInbox.start();
  receiver = await WebhookReceiver.start();
  env = testWorkerEnv({ SMTP_URL: inbox.url, MAIL_FROM: 'LLMGuard <billing@llmguard.test>' });
  kits = [await budgetsKit()];
});

afterAll(async () => {
  for (const kit of kits) await kit.close();
  await prisma.usageRollupHourly.deleteMany({ where: { tenantId: { in: tenantIds } } });
  await prisma.tenant.deleteMany({ where: { id: { in: tenantIds } } });
  await prisma.user.deleteMany({ where: { id: { in: userIds } } });
  await prisma.$disconnect();
  await inbox.close();
  await receiver.close();
});

describe('spend counters and budget alerts', () => {
  let tenantId: string;
  let owner: string;
  let billing: string;
  let developer: string;

  beforeAll(async () => {
    tenantId = await tenantWithBudget();
    owner = await member(tenantId, 'owner');
    billing = await member(tenantId, 'billing');
    developer = await member(tenantId, 'developer');
    // Sealed as the control plane seals it (same CREDENTIAL_* settings as the worker's).
    const signingSecretSealed = sealBudgetWebhookSecret(credentialSealerFromEnv(env), SECRET, tenantId);
    await prisma.budgetAlertWebhook.create({ data: { tenantId, url: receiver.url, signingSecretSealed } });
  });

  const mailsTo = (address: string) => inbox.messages.filter((mail) => mail.to.includes(address));
  const processor = () => kits[0]!.processor;

  it('keeps month, day and per-key counters equal to the rollups, and alerts nothing below 50%', async () => {
    await spend(tenantId, new Date(MARCH.getTime() - 26 * HOUR_MS), 300_000); // earlier this month
    await spend(tenantId, MARCH, 100_000, 'key_budget_a');
    await spend(tenantId, MARCH, 50_000, 'key_budget_b');

    expect(await processor().run(MARCH)).toMatchObject({ alerts: 0, failed: 0 });
    expect(await counter(spendCounterKey(tenantId, 'm', '2031-03'))).toBe('450000');
    expect(await counter(spendCounterKey(tenantId, 'd', '2031-03-10'))).toBe('150000');
    expect(await counter(spendCounterKey(tenantId, 'm', '2031-03', 'key_budget_a'))).toBe('400000');
    expect(await counter(spendCounterKey(tenantId, 'd', '2031-03-10', 'key_budget_b'))).toBe('50000');
    const ttl = await kits[0]!.clients.redis.ttl(
      `${env.REDIS_KEY_PREFIX}${spendCounterKey(tenantId, 'm', '2031-03')}`,
    );
    expect(ttl).toBeGreaterThan(0);
    // Running again (a replayed batch, a second replica) does not add anything: the counters are set, not added.
    await processor().run(MARCH);
    expect(await counter(spendCounterKey(tenantId, 'm', '2031-03'))).toBe('450000');
    expect(inbox.messages).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
  });

  it('crossing 50% sends one email to owners and billing members and one signed webhook', async () => {
    await spend(tenantId, MARCH, 60_000);
    expect(await processor().run(MARCH)).toMatchObject({ alerts: 1, failed: 0 });

    expect(mailsTo(owner)).toHaveLength(1);
    expect(mailsTo(billing)).toHaveLength(1);
    expect(mailsTo(developer)).toHaveLength(0);
    expect(mailsTo(owner)[0]!.text).toContain('50% of the monthly budget');
    expect(mailsTo(owner)[0]!.text).toContain('$0.51 of its monthly budget of $1.00');

    expect(receiver.received).toHaveLength(1);
    const webhook = receiver.received[0]!;
    expect(verifySignature(String(webhook.headers['llmguard-signature']), webhook.body)).toBe(true);
    expect(
      verifySignature(String(webhook.headers['llmguard-signature']), webhook.body.replace('50', '80')),
    ).toBe(false);
    expect(JSON.parse(webhook.body)).toEqual({
      id: `${tenantId}:2031-03:50`,
      type: 'budget.threshold_crossed',
      tenantId,
      window: 'month',
      period: '2031-03',
      thresholdPercent: 50,
      spentMicros: '510000',
      capMicros: '1000000',
    });
  });

  it('sends nothing more while the next threshold is not crossed, even after a restart', async () => {
    await spend(tenantId, MARCH, 100_000); // 61%
    await processor().run(MARCH);
    kits.push(await budgetsKit()); // a restarted (or second) worker reads what was sent from Postgres
    expect(await kits[1]!.processor.run(MARCH)).toMatchObject({ alerts: 0 });
    expect(inbox.messages).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('crossing 80% sends the next alert; a failed webhook is retried alone until it is delivered', async () => {
    await spend(tenantId, MARCH, 200_000); // 81%
    receiver.failWith = 503;
    expect(await processor().run(MARCH)).toMatchObject({ alerts: 0, failed: 1 });
    const pending = await prisma.budgetAlertSent.findUniqueOrThrow({
      where: {
        tenantId_apiKeyId_period_thresholdPercent: {
          tenantId,
          apiKeyId: '',
          period: '2031-03',
          thresholdPercent: 80,
        },
      },
    });
    expect([pending.emailDoneAt === null, pending.webhookDoneAt === null]).toEqual([false, true]);

    receiver.failWith = null;
    // No new usage: the tenant is evaluated again because its alert failed.
    const later = new Date(MARCH.getTime() + 10 * 60_000);
    expect(await processor().run(later)).toMatchObject({ alerts: 1, failed: 0 });
    expect(receiver.received.map((hook) => JSON.parse(hook.body).thresholdPercent)).toEqual([50, 80]);
    expect(mailsTo(owner).at(-1)!.text).toContain('80% of the monthly budget');
    // The email went out on the first attempt and is not repeated by the webhook's retry.
    expect(mailsTo(owner)).toHaveLength(2);
    const sent = await prisma.budgetAlertSent.findMany({
      where: { tenantId },
      orderBy: { thresholdPercent: 'asc' },
    });
    expect(sent.map((row) => [row.period, row.thresholdPercent, row.spentMicros])).toEqual([
      ['2031-03', 50, 510_000n],
      ['2031-03', 80, 810_000n],
    ]);
  });

  it('a new month starts over', async () => {
    await spend(tenantId, APRIL, 700_000);
    expect(await processor().run(APRIL)).toMatchObject({ alerts: 1 });
    expect(await counter(spendCounterKey(tenantId, 'm', '2031-04'))).toBe('700000');
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({
      period: '2031-04',
      thresholdPercent: 50,
    });
    expect(mailsTo(owner)).toHaveLength(3);
  });

  it('a secret sealed for another tenant does not open: the webhook waits, the email goes', async () => {
    const MAY = new Date('2031-05-03T08:30:00Z');
    const sealer = credentialSealerFromEnv(env);
    await prisma.budgetAlertWebhook.update({
      where: { tenantId },
      data: { signingSecretSealed: sealBudgetWebhookSecret(sealer, SECRET, 'tnt_someone_else') },
    });
    const hooksBefore = receiver.received.length;
    await spend(tenantId, MAY, 600_000);
    expect(await processor().run(MAY)).toMatchObject({ alerts: 0, failed: 1 });
    expect(receiver.received).toHaveLength(hooksBefore);
    expect(mailsTo(owner).at(-1)!.text).toContain('for 2031-05');

    await prisma.budgetAlertWebhook.update({
      where: { tenantId },
      data: { signingSecretSealed: sealBudgetWebhookSecret(sealer, SECRET, tenantId) },
    });
    expect(await processor().run(new Date(MAY.getTime() + 60_000))).toMatchObject({ alerts: 1, failed: 0 });
    const webhook = receiver.received.at(-1)!;
    expect(verifySignature(String(webhook.headers['llmguard-signature']), webhook.body)).toBe(true);
    expect(JSON.parse(webhook.body)).toMatchObject({ period: '2031-05', thresholdPercent: 50 });
  });

  it('a mail relay that is down does not hold back the webhook; the email follows once it is back', async () => {
    const JUNE = new Date('2031-06-04T08:30:00Z');
    const hooksBefore = receiver.received.length;
    const mailsBefore = mailsTo(owner).length;
    await spend(tenantId, JUNE, 600_000);
    inbox.refuse = true;
    try {
      expect(await processor().run(JUNE)).toMatchObject({ failed: 1 });
    } finally {
      inbox.refuse = false;
    }
    expect(receiver.received).toHaveLength(hooksBefore + 1);
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({ period: '2031-06', thresholdPercent: 50 });
    expect(mailsTo(owner)).toHaveLength(mailsBefore);

    expect(await processor().run(new Date(JUNE.getTime() + 60_000))).toMatchObject({ failed: 0 });
    expect(mailsTo(owner)).toHaveLength(mailsBefore + 1);
    expect(receiver.received).toHaveLength(hooksBefore + 1); // the webhook is not sent twice
  });
});
