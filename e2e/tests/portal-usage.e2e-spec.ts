import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import OpenAI from 'openai';
import { saveScreenshot } from './support/screenshots';

// Usage from the first call to the CSV: a fresh workspace shows its empty dashboard and usage page,
// then real traffic through the gateway (the official OpenAI SDK, two models, one streamed call)
// reaches the portal once the billing worker has aggregated it: figures on the dashboard, stacked
// charts and a totals table on the usage page, and a CSV download with the same numbers. Laptop
// and phone widths are saved to e2e/screenshots/usage-*.png.

const openaiBaseUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080/v1';
const CHAT_MODEL = 'demo-chat';
/** An Anthropic-format route, called in the OpenAI format (the gateway translates). */
const OTHER_MODEL = 'demo-claude';
const KEY_NAME = 'Usage backend';

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const slug = `usage-${run}`;
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };

/** Signs up a new user and creates a workspace; lands on its keys page. */
async function signUpWithWorkspace(page: Page) {
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Usage Tester');
  await page.getByLabel('Email').fill(`usage-${run}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel('Workspace name').fill(`Usage ${run}`);
  await expect(page.getByLabel('Workspace URL')).toHaveValue(slug);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/keys\\?welcome=1$`));
}

/** Creates a key in the dialog and returns its secret. */
async function createKey(page: Page): Promise<string> {
  await page.goto(`/${slug}/keys`);
  await page.getByRole('button', { name: 'Create your first key' }).click();
  const form = page.getByRole('dialog', { name: 'Create API key' });
  await form.getByLabel('Name').fill(KEY_NAME);
  await form.getByRole('button', { name: 'Create key' }).click();
  const reveal = page.getByRole('dialog', { name: 'Save your secret key' });
  const secret = await reveal.getByLabel('Secret key').inputValue();
  await reveal.getByRole('button', { name: 'Done' }).click();
  return secret;
}

/** Four calls: two plain and one streamed chat completion to one model, one to another. */
async function makeCalls(secret: string) {
  const client = new OpenAI({ baseURL: openaiBaseUrl, apiKey: secret, maxRetries: 0 });
  for (const content of ['First usage call', 'Second usage call']) {
    const completion = await client.chat.completions.create({
      model: CHAT_MODEL,
      messages: [{ role: 'user', content }],
    });
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  }
  const stream = await client.chat.completions.create({
    model: CHAT_MODEL,
    stream: true,
    messages: [{ role: 'user', content: 'A streamed usage call' }],
  });
  for await (const chunk of stream) void chunk;
  const translated = await client.chat.completions.create({
    model: OTHER_MODEL,
    messages: [{ role: 'user', content: 'A call to another model' }],
  });
  expect(translated.usage?.total_tokens).toBeGreaterThan(0);
}

test('usage: empty state, then figures, charts, table and CSV after real calls', async ({ page }) => {
  test.setTimeout(120_000);
  let secret = '';

  await test.step('a new workspace shows the empty dashboard and usage page', async () => {
    await signUpWithWorkspace(page);
    await page.goto(`/${slug}`);
    const empty = page.getByTestId('dashboard-empty');
    await expect(empty).toContainText('No requests yet');
    await expect(empty.getByRole('link', { name: 'Create a key' })).toHaveAttribute('href', `/${slug}/keys`);
    // The first-call snippet is still on the page, below the empty state.
    await expect(page.getByRole('region', { name: 'Make your first call' })).toBeVisible();
    await saveScreenshot(page, 'usage-dashboard-empty');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: /Usage/ }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/usage$`));
    await expect(page.getByTestId('usage-empty')).toContainText('No usage in this range');
    await saveScreenshot(page, 'usage-page-empty');
  });

  await test.step('call the gateway with a new key through the OpenAI SDK', async () => {
    secret = await createKey(page);
    await makeCalls(secret);
  });

  await test.step('the dashboard shows today’s figures once the worker has aggregated them', async () => {
    await page.goto(`/${slug}`);
    // The worker aggregates within seconds; reload until the four requests are counted.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('metric-requests-today').locator('p').nth(1).textContent();
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe('4');
    await expect(page.getByTestId('metric-requests-today')).toContainText('This month: 4');
    await expect(page.getByTestId('metric-error-rate-today')).toContainText('0%');
    await expect(page.getByTestId('metric-cost-today')).toContainText('$');
    // Three non-streamed calls: the p95 latency is measured.
    await expect(page.getByTestId('metric-p95-latency-today').locator('p').nth(1)).toHaveText(
      /\d+(\.\d+)? m?s$/,
    );
    const chart = page.getByTestId('dashboard-chart');
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await saveScreenshot(page, 'usage-dashboard');
    await page.getByRole('tab', { name: 'This month' }).click();
    await expect(page.getByRole('tab', { name: 'This month' })).toHaveAttribute('aria-selected', 'true');
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await saveScreenshot(page, 'usage-dashboard-month');
    await page.setViewportSize(PHONE);
    await saveScreenshot(page, 'usage-dashboard-phone');
    await page.setViewportSize(LAPTOP);
  });

  await test.step('the usage page charts the calls and totals them per model and per key', async () => {
    await page.goto(`/${slug}/usage?range=24h`);
    await expect(
      page.getByRole('navigation', { name: 'Date range' }).getByRole('link', { name: '24 hours' }),
    ).toHaveAttribute('aria-current', 'true');
    const table = page.getByTestId('usage-table');
    await expect(table.getByRole('row', { name: new RegExp(CHAT_MODEL) })).toContainText('3');
    await expect(table.getByRole('row', { name: new RegExp(OTHER_MODEL) })).toContainText('1');
    await expect(table.locator('tfoot')).toContainText('4');
    await expect(
      page.getByTestId('usage-chart').first().locator('.recharts-bar-rectangle').first(),
    ).toBeVisible();
    await page.getByRole('tab', { name: 'Output' }).click();
    await expect(page.getByRole('tab', { name: 'Output' })).toHaveAttribute('aria-selected', 'true');
    await saveScreenshot(page, 'usage-page-by-model');

    await page.getByRole('navigation', { name: 'Split by' }).getByRole('link', { name: 'API key' }).click();
    await expect(page).toHaveURL(/split=key/);
    await expect(table.getByRole('row', { name: new RegExp(KEY_NAME) })).toContainText('4');
    await saveScreenshot(page, 'usage-page-by-key');

    await page.setViewportSize(PHONE);
    await saveScreenshot(page, 'usage-page-phone');
    await page.setViewportSize(LAPTOP);
  });

  await test.step('a custom range is kept in the URL; a reversed one falls back with a notice', async () => {
    await page.getByRole('navigation', { name: 'Date range' }).getByRole('link', { name: 'Custom' }).click();
    await expect(page).toHaveURL(/range=custom/);
    const form = page.getByRole('form', { name: 'Custom range' });
    await expect(form).toBeVisible({ timeout: 15_000 });
    const today = new Date().toISOString().slice(0, 10);
    await form.getByLabel('From').fill(today);
    await form.getByLabel('To').fill(today);
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL((url) => {
      const search = url.searchParams;
      return search.get('range') === 'custom' && search.get('from') === today && search.get('to') === today;
    });
    await expect(
      page.getByTestId('usage-table').getByRole('row', { name: new RegExp(KEY_NAME) }),
    ).toContainText('4');
    await saveScreenshot(page, 'usage-page-custom');

    await page.goto(`/${slug}/usage?range=custom&from=2026-02-10&to=2026-02-01`);
    await expect(
      page.getByRole('status').filter({ hasText: 'The end date is before the start date' }),
    ).toBeVisible();
    await saveScreenshot(page, 'usage-page-bad-range');
  });

  await test.step('the CSV download holds what the page shows', async () => {
    await page.goto(`/${slug}/usage?range=24h&split=model`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^usage-${slug}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
    );
    const text = await readFile(await download.path(), 'utf8');
    const [header, ...lines] = text.trim().split('\n');
    expect(header).toBe(
      'bucketStart,series,seriesName,requests,errors,cacheHits,inputTokens,outputTokens,cachedInputTokens,costMicros,costUsd,latencyMsMean',
    );
    // 24 hourly buckets × two models.
    expect(lines).toHaveLength(48);
    const requestsOf = (model: string) =>
      lines
        .map((line) => line.split(','))
        .filter((cells) => cells[1] === model)
        .reduce((total, cells) => total + Number(cells[3]), 0);
    expect(requestsOf(CHAT_MODEL)).toBe(3);
    expect(requestsOf(OTHER_MODEL)).toBe(1);
  });
});
