import { createHmac, timingSafeEqual } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { credentialSealerFromEnv, sealBudgetWebhookSecret } from '@llmguard/server';
import { newId, randomBase62, type ApiKeyLimitOverrides, type BillingWorkerEnv } from '@llmguard/shared';
import { BudgetAlertNotifier } from '../src/budgets/budget-alert.notifier';
import { BudgetAlertsService } from '../src/budgets/budget-alerts.service';
import { BudgetsProcessor } from '../src/budgets/budgets.processor';
import { EffectiveBudgetsRepository } from '../src/budgets/effective-budgets.repository';
import { KeyBudgetsRepository } from '../src/budgets/key-budgets.repository';
import { SpendCounterSync } from '../src/budgets/spend-counter.sync';
import { createWorkerClients, WorkerClientsModule, type WorkerClients } from '../src/clients/worker-clients';
import { parsePrometheusText, valueOf } from './support/prometheus-text';
import { SmtpInbox } from './support/smtp-inbox';
import { testWorkerEnv } from './support/usage-fixtures';
import { WebhookReceiver } from './support/webhook-receiver';

const prisma = createPrismaClient(
  process.env.DATABASE_URL ?? 'postgresql://llmguard_app@127.0.0.1:5432/llmguard_test',
);
const HOUR_MS = 3_600_000;
// A clock of its own, far from the real one and from the tenant-budget suite's, so no other rollups enter its runs.
const JULY = new Date('2032-07-14T10:30:00Z');
const AUGUST = new Date('2032-08-20T10:30:00Z');
const SECRET = `whsec_${randomBase62(24)}`;
// A tier without policy defaults: the suite's tenants get the built-in thresholds unless their own policy sets some.
const TIER = `key-budgets-${randomBase62(8).toLowerCase()}`;

let env: BillingWorkerEnv;
let inbox: SmtpInbox;
let receiver: WebhookReceiver;
let clients: WorkerClients;
let processor: BudgetsProcessor;
let closeModule: () => Promise<void>;
const tenantIds: string[] = [];
const userIds: string[] = [];

async function tenant(policyBudgets?: object): Promise<string> {
  const tenantId = newId('tnt');
  const slug = `key-budgets-${randomBase62(10).toLowerCase()}`;
  await prisma.tenant.create({
    data: {
      id: tenantId,
      slug,
      name: `Acme ${slug}`,
      tierId: TIER,
      currentPolicyVersion: policyBudgets ? 1 : null,
    },
  });
  tenantIds.push(tenantId);
  if (policyBudgets) {
    await prisma.tenantPolicy.create({
      data: {
        id: newId('pol'),
        tenantId,
        version: 1,
        rateLimits: {},
        budgets: policyBudgets,
        guardrails: {},
        cache: {},
        routing: {},
        dataResidency: {},
      },
    });
  }
  const signingSecretSealed = sealBudgetWebhookSecret(credentialSealerFromEnv(env), SECRET, tenantId);
  await prisma.budgetAlertWebhook.create({ data: { tenantId, url: receiver.url, signingSecretSealed } });
  return tenantId;
}

async function member(tenantId: string, role: 'owner' | 'admin' | 'billing' | 'developer'): Promise<string> {
  const id = newId('usr');
  const email = `${role}-${randomBase62(8).toLowerCase()}@key-budgets.test`;
  await prisma.user.create({ data: { id, email, name: role } });
  await prisma.membership.create({ data: { id: newId('mem'), tenantId, userId: id, role } });
  userIds.push(id);
  return email;
}

async function apiKey(
  tenantId: string,
  name: string,
  limitOverrides?: ApiKeyLimitOverrides,
): Promise<string> {
  const id = newId('key');
  await prisma.apiKey.create({
    data: {
      id,
      tenantId,
      name,
      prefix: 'lg_test_',
      hash: randomBase62(40),
      lastFour: 'abcd',
      scopes: ['inference'],
      ...(limitOverrides && { limitOverrides }),
    },
  });
  return id;
}

/** Usage as the usage-stream consumer leaves it: a rollup row of the key, touched at `at`. */
async function spend(tenantId: string, apiKeyId: string, at: Date, costMicros: number) {
  const hourStart = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
  await prisma.usageRollupHourly.upsert({
    where: { tenantId_apiKeyId_model_hourStart: { tenantId, apiKeyId, model: 'demo-chat', hourStart } },
    create: { tenantId, apiKeyId, model: 'demo-chat', hourStart, requests: 1, costMicros, updatedAt: at },
    update: { costMicros: { increment: costMicros }, updatedAt: at },
  });
}

function verifySignature(header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', SECRET).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const webhooksOf = (tenantId: string) =>
  receiver.received.map((hook) => JSON.parse(hook.body)).filter((body) => body.tenantId === tenantId);
const mailsTo = (address: string) => inbox.messages.filter((mail) => mail.to.includes(address));
const tenantName = async (id: string) => (await prisma.tenant.findUniqueOrThrow({ where: { id } })).name;
const alertRows = (tenantId: string) =>
  prisma.budgetAlertSent.findMany({
    where: { tenantId },
    orderBy: [{ apiKeyId: 'asc' }, { period: 'asc' }, { thresholdPercent: 'asc' }],
  });

async function deliveries(channel: string, result: string): Promise<number> {
  const samples = parsePrometheusText(await clients.metrics.registry.metrics());
  return valueOf(samples, 'llmguard_worker_budget_alert_deliveries_total', { channel, result });
}

beforeAll(async () => {
  await prisma.slaTier.create({
    data: {
      id: TIER,
      name: TIER,
      availabilityTargetBasisPoints: 9900,
      latencyP95TargetMs: 5000,
      ttftP95TargetMs: 2000,
      creditPercent: 0,
    },
  });
  inbox = await SmtpInbox.start();
  receiver = await WebhookReceiver.start();
  env = testWorkerEnv({ SMTP_URL: inbox.url, MAIL_FROM: 'LLMGuard <billing@llmguard.test>' });
  clients = createWorkerClients(env);
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
  processor = module.get(BudgetsProcessor);
  closeModule = () => module.close();
});

afterAll(async () => {
  await closeModule();
  await clients.close();
  await prisma.usageRollupHourly.deleteMany({ where: { tenantId: { in: tenantIds } } });
  await prisma.tenant.deleteMany({ where: { id: { in: tenantIds } } });
  await prisma.user.deleteMany({ where: { id: { in: userIds } } });
  await prisma.slaTier.delete({ where: { id: TIER } });
  await prisma.$disconnect();
  await inbox.close();
  await receiver.close();
});

describe('budget alerts of an API key', () => {
  let tenantId: string;
  let pipeline: string;
  let unlimited: string;
  let owner: string;
  let admin: string;
  let billing: string;
  let developer: string;

  beforeAll(async () => {
    tenantId = await tenant(); // no policy: no tenant cap, and the default thresholds
    pipeline = await apiKey(tenantId, 'CI pipeline', { budgets: { monthlyMicros: 1_000_000 } });
    unlimited = await apiKey(tenantId, 'Unlimited', { rateLimits: { requestsPerMinute: 10 } });
    owner = await member(tenantId, 'owner');
    admin = await member(tenantId, 'admin');
    billing = await member(tenantId, 'billing');
    developer = await member(tenantId, 'developer');
  });

  it('crossing 50% of a key budget emails owners, admins and billing and posts one signed webhook naming the key', async () => {
    await spend(tenantId, pipeline, JULY, 600_000);
    await spend(tenantId, unlimited, JULY, 50_000_000); // no budget of its own: never alerted on
    expect(await processor.run(JULY)).toMatchObject({ alerts: 1, failed: 0 });

    for (const address of [owner, admin, billing]) expect(mailsTo(address)).toHaveLength(1);
    expect(mailsTo(developer)).toHaveLength(0);
    // The subject (RFC 2047-encoded, it has quotes) is checked in budget-alert.message.spec.ts.
    const mail = mailsTo(owner)[0]!.text;
    expect(mail).toContain(
      `API key "CI pipeline" (${pipeline}) of ${await tenantName(tenantId)} has spent $0.60 of the key's ` +
        'monthly budget of $1.00 for 2032-07 (UTC), crossing the 50% alert.',
    );

    expect(webhooksOf(tenantId)).toEqual([
      {
        id: `${tenantId}:${pipeline}:2032-07:50`,
        type: 'budget.threshold_crossed',
        tenantId,
        apiKey: { id: pipeline, name: 'CI pipeline' },
        window: 'month',
        period: '2032-07',
        thresholdPercent: 50,
        spentMicros: '600000',
        capMicros: '1000000',
      },
    ]);
    const hook = receiver.received.at(-1)!;
    expect(verifySignature(String(hook.headers['llmguard-signature']), hook.body)).toBe(true);
  });

  it('alerts once per threshold: a second run sends nothing, 80% and 100% crossed together send the 100% one', async () => {
    expect(await processor.run(JULY)).toMatchObject({ alerts: 0 });
    expect(mailsTo(owner)).toHaveLength(1);

    await spend(tenantId, pipeline, JULY, 450_000); // 105%
    expect(await processor.run(JULY)).toMatchObject({ alerts: 1, failed: 0 });
    expect(webhooksOf(tenantId).map((hook) => hook.thresholdPercent)).toEqual([50, 100]);
    expect(mailsTo(admin).at(-1)!.text).toContain('crossing the 100% alert');
    expect(
      (await alertRows(tenantId)).map((row) => [
        row.apiKeyId,
        row.period,
        row.thresholdPercent,
        row.spentMicros,
      ]),
    ).toEqual([
      [pipeline, '2032-07', 50, 600_000n],
      [pipeline, '2032-07', 80, 1_050_000n],
      [pipeline, '2032-07', 100, 1_050_000n],
    ]);
  });

  it("alerts on a key's daily budget per UTC day", async () => {
    const nightly = await apiKey(tenantId, 'Nightly batch', { budgets: { dailyMicros: 200_000 } });
    await spend(tenantId, nightly, JULY, 190_000); // 95%
    expect(await processor.run(JULY)).toMatchObject({ alerts: 1 });
    expect(webhooksOf(tenantId).at(-1)).toMatchObject({
      id: `${tenantId}:${nightly}:2032-07-14:80`,
      apiKey: { id: nightly, name: 'Nightly batch' },
      window: 'day',
      period: '2032-07-14',
      thresholdPercent: 80,
    });

    const nextDay = new Date(JULY.getTime() + 24 * HOUR_MS);
    await spend(tenantId, nightly, nextDay, 120_000);
    expect(await processor.run(nextDay)).toMatchObject({ alerts: 1 });
    expect(webhooksOf(tenantId).at(-1)).toMatchObject({ period: '2032-07-15', thresholdPercent: 50 });
  });
});

describe('key and tenant budgets side by side', () => {
  it("uses the tenant's thresholds for its keys, alerts the key and the tenant apart, and retries a failed webhook", async () => {
    const tenantId = await tenant({
      monthlyCapMicros: '2000000',
      action: 'alert',
      alertThresholdsPercent: [90],
    });
    await member(tenantId, 'owner');
    const key = await apiKey(tenantId, 'Chatbot', { budgets: { monthlyMicros: 1_000_000 } });
    await spend(tenantId, key, AUGUST, 1_900_000); // the key at 190% of its budget, the tenant at 95% of its cap

    const failedBefore = await deliveries('webhook', 'failed');
    const okBefore = await deliveries('webhook', 'ok');
    receiver.failWith = 503;
    expect(await processor.run(AUGUST)).toMatchObject({ failed: 1 });
    // Every pending delivery is attempted (a failure does not hold back the others): the key's and the tenant's.
    expect(await deliveries('webhook', 'failed')).toBe(failedBefore + 2);
    receiver.failWith = null;
    expect(await processor.run(new Date(AUGUST.getTime() + 60_000))).toMatchObject({ failed: 0 });
    // One webhook each for the tenant and the key, once each.
    expect(await deliveries('webhook', 'ok')).toBe(okBefore + 2);

    const hooks = webhooksOf(tenantId);
    expect(hooks.map((hook) => [hook.id, hook.apiKey?.name ?? null]).sort()).toEqual(
      [
        [`${tenantId}:2032-08:90`, null],
        [`${tenantId}:${key}:2032-08:90`, 'Chatbot'],
      ].sort(),
    );
    expect((await alertRows(tenantId)).map((row) => [row.apiKeyId, row.thresholdPercent])).toEqual([
      ['', 90],
      [key, 90],
    ]);
    expect((await alertRows(tenantId)).every((row) => row.emailDoneAt && row.webhookDoneAt)).toBe(true);
  });
});
