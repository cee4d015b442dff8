import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialSealerFromEnv, openBudgetWebhookSecret } from '@llmguard/server';
import {
  gatewayEnvSchema,
  parseEnv,
  type BudgetAlertsResponse,
  type BudgetAlertWebhookView,
  type PutBudgetAlertWebhookResponse,
  type ServiceCreditsResponse,
} from '@llmguard/shared';
import { TEST_ENV } from '../support/test-env';
import { errorOf } from './support/api-client';
import {
  startControlPlane,
  type ControlPlaneHarness,
  type SignedUpUser,
} from './support/control-plane-harness';

// The budget-alert webhook API and the list of alerts sent (permissions cell by cell are in
// permissions.budget-alerts.security.int-spec.ts).

let harness: ControlPlaneHarness;
let owner: SignedUpUser;
let tenantId: string;
let webhookPath: string;
let alertsPath: string;

/** The sealer of the gateway under test (its CREDENTIAL_* settings are the defaults), as the billing worker builds it. */
const sealer = credentialSealerFromEnv(parseEnv('test', gatewayEnvSchema, { ...TEST_ENV }));

beforeAll(async () => {
  harness = await startControlPlane();
  const created = await harness.tenantWithOwner();
  owner = created.owner;
  tenantId = created.tenantId;
  webhookPath = `/api/tenants/${created.slug}/billing/alert-webhook`;
  alertsPath = `/api/tenants/${created.slug}/billing/alerts`;
});

afterAll(async () => {
  await harness?.close();
});

const auditOf = (action: string) =>
  harness.prisma.auditLogEntry.findMany({ where: { tenantId, action }, orderBy: { sequence: 'asc' } });

describe('the budget-alert webhook', () => {
  let firstSecret: string;

  it('is not configured at first', async () => {
    const response = await owner.client.get<BudgetAlertWebhookView>(webhookPath);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ configured: false, url: null, signingSecretSet: false, updatedAt: null });
  });

  it('PUT answers a new signing secret once and stores it sealed, openable by the billing worker only', async () => {
    const url = 'https://hooks.example.test/llmguard';
    const response = await owner.client.request<PutBudgetAlertWebhookResponse>('PUT', webhookPath, {
      body: { url },
    });
    expect(response.status).toBe(200);
    expect(response.body.webhook).toEqual({
      configured: true,
      url,
      signingSecretSet: true,
      updatedAt: expect.any(String),
    });
    firstSecret = response.body.signingSecret;
    expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const row = await harness.prisma.budgetAlertWebhook.findUniqueOrThrow({ where: { tenantId } });
    expect(row.signingSecretSealed).toMatch(/^v2\./);
    expect(row.signingSecretSealed).not.toContain(firstSecret.slice(6));
    expect(openBudgetWebhookSecret(sealer, row.signingSecretSealed, tenantId)).toBe(firstSecret);

    const read = await owner.client.get<BudgetAlertWebhookView>(webhookPath);
    expect(read.body).toEqual(response.body.webhook);
    expect(JSON.stringify(read.body)).not.toContain('whsec_');

    const [entry] = await auditOf('budget_alert_webhook.created');
    expect(entry).toMatchObject({
      actorId: owner.id,
      targetType: 'budget_alert_webhook',
      targetId: tenantId,
    });
    expect(entry?.after).toMatchObject({ url, signingSecretSet: true, signingSecretChanged: true });
    // Neither the secret nor its sealed form is ever audited.
    const stored = JSON.stringify([entry?.before, entry?.after]);
    expect(stored).not.toContain(firstSecret);
    expect(stored).not.toContain(row.signingSecretSealed);
  });

  it('every PUT rotates the secret (the old one no longer signs) and is audited as an update', async () => {
    const url = 'http://127.0.0.1:9/receiver'; // plain http to this machine: allowed outside production
    const response = await owner.client.request<PutBudgetAlertWebhookResponse>('PUT', webhookPath, {
      body: { url },
    });
    expect(response.status).toBe(200);
    expect(response.body.signingSecret).not.toBe(firstSecret);
    const row = await harness.prisma.budgetAlertWebhook.findUniqueOrThrow({ where: { tenantId } });
    expect(openBudgetWebhookSecret(sealer, row.signingSecretSealed, tenantId)).toBe(
      response.body.signingSecret,
    );
    const [entry] = await auditOf('budget_alert_webhook.updated');
    expect(entry?.before).toMatchObject({ url: 'https://hooks.example.test/llmguard' });
    expect(entry?.after).toMatchObject({ url });
  });

  it.each([
    ['http://hooks.example.test/x', /localhost only/],
    ['ftp://hooks.example.test/x', /https URL/],
    ['not a url', /https URL/],
    ['https://user:pass@hooks.example.test/x', /user name or password/],
    ['https://hooks.example.test/x#part', /fragment/],
  ])('refuses %s with a field error on body.url', async (url, message) => {
    const response = await owner.client.request('PUT', webhookPath, { body: { url } });
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toEqual([
      expect.objectContaining({ location: 'body.url', message: expect.stringMatching(message) }),
    ]);
  });

  it('refuses unknown fields (a secret cannot be chosen by the caller)', async () => {
    const response = await owner.client.request('PUT', webhookPath, {
      body: { url: 'https://hooks.example.test/x', signingSecret: 'mine' },
    });
    expect(response.status).toBe(400);
    expect(errorOf(response).errors?.[0]?.location).toBe('body.signingSecret');
  });

  it('DELETE removes it (audited); a second DELETE is a 404', async () => {
    const removed = await owner.client.delete(webhookPath);
    expect(removed.status).toBe(204);
    expect((await owner.client.get<BudgetAlertWebhookView>(webhookPath)).body.configured).toBe(false);
    expect(await harness.prisma.budgetAlertWebhook.findUnique({ where: { tenantId } })).toBeNull();
    const [entry] = await auditOf('budget_alert_webhook.deleted');
    expect(entry?.before).toMatchObject({ url: 'http://127.0.0.1:9/receiver' });
    const again = await owner.client.delete(webhookPath);
    expect(again.status).toBe(404);
    expect(errorOf(again).code).toBe('not_found');
  });
});

describe('GET …/billing/alerts', () => {
  const now = new Date();
  const month = (offset: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);

  beforeAll(async () => {
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    await harness.prisma.budgetAlertSent.createMany({
      data: [
        // This month: 50% delivered on both channels, then 80% with the webhook still failing.
        row(month(0), 50, 500_000n, at(30), true, true),
        row(month(0), 80, 800_000n, at(10), true, false),
        // A daily cap crossed last month, and a monthly one four months ago (outside the default 3 months).
        row(`${month(-1)}-15`, 100, 2_000_000n, at(40 * 24 * 60), true, true),
        // Crossed in the same run as the 100%: recorded done at once, never sent.
        {
          ...row(`${month(-1)}-15`, 50, 2_000_000n, at(40 * 24 * 60), true, true),
          emailDoneAt: at(40 * 24 * 60),
          webhookDoneAt: at(40 * 24 * 60),
        },
        row(month(-4), 100, 1_000_000n, at(130 * 24 * 60), true, true),
      ],
    });
  });

  function row(
    period: string,
    thresholdPercent: number,
    spentMicros: bigint,
    crossedAt: Date,
    email: boolean,
    webhook: boolean,
  ) {
    return {
      tenantId,
      period,
      thresholdPercent,
      spentMicros,
      capMicros: period.length === 7 ? 1_000_000n : 2_000_000n,
      crossedAt,
      // Delivered in a later transaction than the crossing was recorded in.
      emailDoneAt: email ? new Date(crossedAt.getTime() + 2_000) : null,
      webhookDoneAt: webhook ? new Date(crossedAt.getTime() + 2_000) : null,
    };
  }

  it('lists the current and the two previous months, newest first, with each channel’s state', async () => {
    const response = await owner.client.get<BudgetAlertsResponse>(alertsPath);
    expect(response.status).toBe(200);
    expect(response.body.since).toBe(month(-2));
    expect(response.body.data.map((alert) => [alert.period, alert.thresholdPercent])).toEqual([
      [month(0), 80],
      [month(0), 50],
      [`${month(-1)}-15`, 100],
      [`${month(-1)}-15`, 50],
    ]);
    expect(response.body.data[0]).toEqual({
      apiKeyId: null,
      period: month(0),
      window: 'month',
      thresholdPercent: 80,
      spentMicros: '800000',
      capMicros: '1000000',
      crossedAt: expect.any(String),
      emailState: 'done',
      emailDoneAt: expect.any(String),
      webhookState: 'pending',
      webhookDoneAt: null,
      superseded: false,
    });
    expect(response.body.data[2]).toMatchObject({ window: 'day', capMicros: '2000000', superseded: false });
    expect(response.body.data[3]).toMatchObject({
      emailState: 'done',
      webhookState: 'done',
      superseded: true,
    });
  });

  it('goes back up to 12 months on request, and says so when asked for more', async () => {
    const year = await owner.client.get<BudgetAlertsResponse>(alertsPath, { query: { months: 12 } });
    expect(year.body.data).toHaveLength(5);
    const tooMany = await owner.client.get(alertsPath, { query: { months: 13 } });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).errors?.[0]?.location).toBe('query.months');
  });

  it('is readable by a management key with usage:read, which can never change the webhook', async () => {
    const key = await owner.client.post<{ secret: string }>(
      `/api/tenants/${webhookPath.split('/')[3]}/api-keys`,
      {
        name: 'finance-bot',
        kind: 'management',
        scopes: ['usage:read'],
      },
    );
    expect(key.status).toBe(201);
    const asKey = { headers: { authorization: `Bearer ${key.body.secret}` } };
    expect((await harness.client().get(alertsPath, asKey)).status).toBe(200);
    expect((await harness.client().get(webhookPath, asKey)).status).toBe(200);
    const change = await harness
      .client()
      .request('PUT', webhookPath, { ...asKey, body: { url: 'https://evil.example.test/' } });
    expect(change.status).toBe(403);
    expect(errorOf(change).code).toBe('permission_denied');
  });
});

describe('GET …/billing/service-credits', () => {
  const report = (day: string, creditMicros: bigint, breached: boolean) => ({
    tenantId,
    day: new Date(`${day}T00:00:00Z`),
    tierId: 'free',
    requests: 100n,
    errors: breached ? 5n : 0n,
    availabilityBasisPoints: breached ? 9_500 : 10_000,
    availabilityBreached: breached,
    creditMicros,
  });

  beforeAll(async () => {
    await harness.prisma.slaReportDaily.createMany({
      data: [
        report('2025-01-04', 1_500n, true),
        report('2025-01-05', 0n, false),
        report('2025-01-20', 2_500n, true),
        report('2025-02-01', 9_000n, true),
      ],
    });
  });

  it("lists the month's credited days, oldest first, with the total", async () => {
    const response = await owner.client.get<ServiceCreditsResponse>(creditsPath(), {
      query: { month: '2025-01' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      month: '2025-01',
      totalMicros: '4000',
      data: [
        {
          day: '2025-01-04',
          tierId: 'free',
          creditMicros: '1500',
          availabilityBreached: true,
          latencyBreached: false,
          ttftBreached: false,
        },
        expect.objectContaining({ day: '2025-01-20', creditMicros: '2500' }),
      ],
    });
  });

  it('defaults to the current month and refuses a malformed one', async () => {
    const current = await owner.client.get<ServiceCreditsResponse>(creditsPath());
    expect(current.body).toEqual({ month: new Date().toISOString().slice(0, 7), totalMicros: '0', data: [] });
    const bad = await owner.client.get(creditsPath(), { query: { month: '2025-13' } });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).errors?.[0]?.location).toBe('query.month');
  });
});

function creditsPath(): string {
  return alertsPath.replace(/\/alerts$/, '/service-credits');
}
