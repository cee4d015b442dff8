import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import OpenAI from 'openai';
import { controlPlaneAs, newWorkspace, platformAdmin } from './support/control-plane';
import { saveLaptopAndPhone, saveScreenshot } from './support/screenshots';
import { SmtpInbox } from './support/smtp-inbox';

// The Billing and SLA pages against the real stack (test profile, where Stripe is not configured):
// a fresh workspace sees empty states, the Checkout button explains that Stripe is off, and the alert
// webhook form shows a field error for a plain-http URL, then the signing secret once. A workspace
// with traffic and a tiny budget (set by the seeded platform admin) sees its spend, the alerts the
// real billing worker sent, whose webhooks reach a receiver here signed with the secret the page
// showed, and its SLA measured day by day. Every page is saved at laptop and phone widths.

const openaiBaseUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080/v1';
/** The stack's SMTP_URL port (scripts/stack-env.sh): the worker emails each alert before posting its webhook. */
const smtpPort = process.env.E2E_SMTP_PORT ? Number(process.env.E2E_SMTP_PORT) : undefined;
const MODEL = 'demo-chat';

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type ReceivedHook = { signature: string; body: string };

let inbox: SmtpInbox | undefined;

test.beforeAll(async () => {
  if (smtpPort) inbox = await SmtpInbox.start(smtpPort);
});

test.afterAll(async () => {
  await inbox?.close();
});

/** Signs up Bea in the portal and creates a workspace `<label>-<run>`; the browser keeps the session. */
async function newBillingWorkspace(page: Page, label: string): Promise<string> {
  const slug = `${label}-${run}`;
  await newWorkspace(page, slug, { name: 'Bea Billing', email: `${slug}@example.com` });
  return slug;
}

function verify(secret: string, hook: ReceivedHook): boolean {
  const parts = Object.fromEntries(
    hook.signature.split(',').map((part) => part.split('=') as [string, string]),
  );
  const expected = createHmac('sha256', secret).update(`${parts.t}.${hook.body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test('a fresh workspace: empty billing and SLA, Stripe off, the webhook form', async ({ page }) => {
  test.setTimeout(90_000);
  const slug = await newBillingWorkspace(page, 'bill-fresh');

  await test.step('billing shows the free plan and empty states', async () => {
    await page.goto(`/${slug}/billing`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Billing');
    await expect(page.getByTestId('plan-tier')).toHaveText('Free');
    await expect(page.getByText('Payments through Stripe are not set up on this installation')).toBeVisible();
    await expect(page.getByText('$0.00').first()).toBeVisible();
    await expect(page.getByText(/No budget alerts since/)).toBeVisible();
    await expect(page.getByText('No invoices yet')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Alert webhook' }).getByText('Not set')).toBeVisible();
    await saveLaptopAndPhone(page, 'billing-empty');
  });

  await test.step('the Checkout button says clearly that Stripe is not configured', async () => {
    await page.getByRole('button', { name: 'Add payment method' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Stripe could not be opened' });
    await expect(alert).toContainText('Billing is not enabled on this installation.');
    await expect(alert).toContainText('Request ID:');
    await saveScreenshot(page, 'billing-stripe-off');
  });

  await test.step('the webhook form: a field error, then the secret shown once', async () => {
    const card = page.getByRole('region', { name: 'Alert webhook' });
    await card.getByLabel('Endpoint URL').fill('http://hooks.example.com/llmguard');
    await card.getByRole('button', { name: 'Save and create secret' }).click();
    await expect(
      card.getByText('This must use https (plain http is allowed for localhost only).'),
    ).toBeVisible();
    await expect(card.getByLabel('Endpoint URL')).toHaveAttribute('aria-invalid', 'true');
    await saveLaptopAndPhone(page, 'billing-webhook-error');

    await card.getByLabel('Endpoint URL').fill('https://hooks.example.com/llmguard');
    await card.getByRole('button', { name: 'Save and create secret' }).click();
    const reveal = page.getByTestId('webhook-secret');
    await expect(reveal.getByText('It is shown only once')).toBeVisible();
    const secret = await reveal.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await saveLaptopAndPhone(page, 'billing-webhook-secret');

    await reveal.getByRole('button', { name: 'I saved the secret' }).click();
    await expect(card.getByText('Active')).toBeVisible();
    await expect(card.getByText('https://hooks.example.com/llmguard', { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByText('Signing secret set')).toBeVisible();
    // Shown once: nowhere on the page after a reload.
    await expect(page.locator('body')).not.toContainText(secret);
    await saveScreenshot(page, 'billing-webhook-set');
  });

  await test.step('the SLA page of a workspace without traffic', async () => {
    await page.goto(`/${slug}/sla`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('SLA');
    await expect(page.getByText(/No requests in .* yet/)).toBeVisible();
    await expect(page.getByTestId('sla-availability')).toContainText('Target');
    await saveLaptopAndPhone(page, 'sla-empty');
  });
});

test('a workspace with traffic: spend, budget alerts by signed webhook, SLA day by day', async ({ page }) => {
  test.setTimeout(150_000);
  const received: ReceivedHook[] = [];
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ signature: String(req.headers['llmguard-signature'] ?? ''), body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/llmguard-alerts`;

  try {
    const slug = await newBillingWorkspace(page, 'bill-usage');
    let signingSecret = '';
    let apiKey = '';

    await test.step('set the webhook to a receiver on this machine', async () => {
      await page.goto(`/${slug}/billing`);
      const card = page.getByRole('region', { name: 'Alert webhook' });
      await card.getByLabel('Endpoint URL').fill(receiverUrl);
      await card.getByRole('button', { name: 'Save and create secret' }).click();
      signingSecret = await page.getByTestId('webhook-secret').getByLabel('Signing secret').inputValue();
      expect(signingSecret).toMatch(/^whsec_/);
    });

    await test.step('a key, and a tiny budget set by the platform admin', async () => {
      const owner = await controlPlaneAs(page);
      const key = await owner.post(`/api/tenants/${slug}/api-keys`, { data: { name: 'billing e2e' } });
      expect(key.status()).toBe(201);
      apiKey = ((await key.json()) as { secret: string }).secret;
      await owner.dispose();

      const admin = await platformAdmin();
      const policy = await admin.post(`/api/tenants/${slug}/policy/versions`, {
        data: {
          document: {
            budgets: {
              monthlyCapMicros: '10',
              dailyCapMicros: '10',
              action: 'alert',
              alertThresholdsPercent: [50, 100],
            },
          },
          comment: 'billing e2e: a budget any request crosses',
          expectedVersion: null,
        },
      });
      expect(policy.status(), await policy.text()).toBe(201);
      await admin.dispose();
    });

    await test.step('traffic through the gateway (plain and streamed)', async () => {
      const client = new OpenAI({ baseURL: openaiBaseUrl, apiKey, maxRetries: 0 });
      for (let index = 0; index < 3; index += 1) {
        await client.chat.completions.create({
          model: MODEL,
          messages: [{ role: 'user', content: `Hello ${index}` }],
        });
      }
      const stream = await client.chat.completions.create({
        model: MODEL,
        stream: true,
        messages: [{ role: 'user', content: 'Stream please' }],
      });
      for await (const _chunk of stream) {
        // Read to the end, so the request completes and is metered.
      }
    });

    await test.step('the billing worker sends the alerts, signed with the secret the page showed', async () => {
      // Aggregation, then the spend sync (every 5 s in the stack) crossing the thresholds. A 50% alert may come
      // first if the first requests were aggregated alone; the 100% ones of the month and the day always come.
      const kinds = () =>
        received.map((hook) => {
          const event = JSON.parse(hook.body) as { window: string; thresholdPercent: number };
          return `${event.window}:${event.thresholdPercent}`;
        });
      await expect
        .poll(kinds, { timeout: 60_000, intervals: [1_000] })
        .toEqual(expect.arrayContaining(['month:100', 'day:100']));
      for (const hook of received) expect(verify(signingSecret, hook)).toBe(true);
      expect(verify('whsec_not-the-secret', received[0]!)).toBe(false);
    });

    await test.step('the billing page shows spend over budget and the alerts delivered', async () => {
      await page.goto(`/${slug}/billing`);
      const budget = page.getByRole('region', { name: 'Spend and budget' });
      await expect(budget).toContainText('of <$0.0001');
      await expect(budget.getByRole('meter').first()).toHaveAttribute('aria-valuenow', '100');
      const alerts = page.getByRole('region', { name: 'Budget alerts' });
      await expect(alerts.getByRole('row')).toHaveCount(5); // header + 50% and 100% of the month and the day
      await expect(alerts.getByRole('row').filter({ hasText: '100%' }).first()).toContainText('Done');
      await saveLaptopAndPhone(page, 'billing-with-usage');
    });

    await test.step('the SLA page measures the day', async () => {
      await page.goto(`/${slug}/sla`);
      await expect(page.getByTestId('sla-requests')).toContainText('4');
      await expect(page.getByTestId('sla-availability')).toContainText('100.00%');
      await expect(page.getByRole('img', { name: 'Daily availability against the target' })).toBeVisible();
      const today = page.getByRole('region', { name: 'Daily measurements' }).getByRole('row').nth(1);
      await expect(today).toContainText('Met');
      await saveLaptopAndPhone(page, 'sla-with-usage');
      // The previous month has no traffic: an empty state, and the way back.
      await page.getByRole('navigation', { name: 'Months' }).getByRole('link').first().click();
      await expect(page.getByText(/No requests in .* yet/)).toBeVisible();
    });
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
