import { expect, type Page, test } from '@playwright/test';
import { saveScreenshot } from './support/screenshots';

// The playground against the real stack (test profile): a fresh user creates a workspace and a key
// in the portal, pastes the key into the playground, and talks to `demo-chat` through the gateway.
// The answer must arrive progressively (several partial lengths seen in the page), Stop must end the
// stream and the upstream call behind it, and the gateway's errors (bad key, 429, a stream cut
// mid-way) must read clearly. The demo upstream's x-demo-* request headers, which the portal's
// proxy and the gateway pass on to demo deployments only, make the stream slow enough to watch.

/** The test profile's demo upstream serves this platform route to every tenant (tools/seed). */
const MODEL = 'demo-chat';
const demoUpstreamUrl = process.env.DEMO_UPSTREAM_URL ?? 'http://127.0.0.1:19100';
const CHAT_PROXY = '**/api/playground/chat/completions';

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const email = `playground-${run}@example.com`;
const password = 'correct horse battery staple';
const workspace = `Playground ${run}`;
const slug = `playground-${run}`;

/** Sends the next playground requests with these demo-upstream knobs (pacing, injected failures). */
async function withDemoHeaders(page: Page, headers: Record<string, string>): Promise<void> {
  await page.unroute(CHAT_PROXY);
  await page.route(CHAT_PROXY, (route) =>
    route.continue({ headers: { ...route.request().headers(), ...headers } }),
  );
}

async function upstreamClientDisconnects(): Promise<number> {
  const response = await fetch(`${demoUpstreamUrl}/demo/stats`);
  return ((await response.json()) as { clientDisconnects: number }).clientDisconnects;
}

function lastAnswer(page: Page) {
  return page.getByTestId('message-assistant').last();
}

test('playground: paste a key, stream an answer, stop one, read the gateway errors', async ({ page }) => {
  test.setTimeout(120_000);
  let secret = '';

  await test.step('sign up, create a workspace and a key', async () => {
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Playground Tester');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    // The dev server may compile a route on its first visit: allow for it on each first navigation.
    await expect(page).toHaveURL(/\/new$/, { timeout: 20_000 });
    await page.getByLabel('Workspace name').fill(workspace);
    await expect(page.getByLabel('Workspace URL')).toHaveValue(slug);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/keys\\?welcome=1$`), { timeout: 20_000 });
    await page.getByRole('button', { name: 'Create your first key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name').fill('Playground key');
    await form.getByRole('button', { name: 'Create key' }).click();
    const reveal = page.getByRole('dialog', { name: 'Save your secret key' });
    secret = await reveal.getByLabel('Secret key').inputValue();
    expect(secret).toMatch(/^lg_(live|test)_/);
    await reveal.getByRole('button', { name: 'Done' }).click();
  });

  await test.step('the playground asks for a key first', async () => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Playground' }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/playground$`), { timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Playground', { timeout: 20_000 });
    await expect(page.getByRole('heading', { name: 'Add an API key to start' })).toBeVisible();
    await expect(page.getByLabel('Model', { exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
    await saveScreenshot(page, 'playground-empty');
  });

  await test.step('a bad key is refused with the gateway’s own message', async () => {
    await page.getByLabel('API key').fill(`lg_test_${'x'.repeat(40)}`);
    await page.getByRole('button', { name: 'Use key' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The gateway refused this API key' });
    await expect(refusal).toContainText('Incorrect API key provided');
    await expect(refusal).toContainText('HTTP 401 · invalid_api_key');
    await expect(refusal).toContainText(/Request ID: req_\w+/);
    await expect(page.getByLabel('API key')).toHaveAttribute('aria-invalid', 'true');
    await saveScreenshot(page, 'playground-bad-key');
  });

  await test.step('the real key lists the models it may call', async () => {
    await page.getByLabel('API key').fill(secret);
    await page.getByRole('button', { name: 'Use key' }).click();
    await expect(page.getByRole('button', { name: 'Change key' })).toBeVisible();
    await expect(page.getByText(`${secret.slice(0, 8)}…${secret.slice(-4)}`)).toBeVisible();
    await expect(page.getByLabel('Model', { exact: true })).toBeEnabled();
    await expect(page.getByLabel('Model', { exact: true }).locator('option')).toContainText([MODEL]);
    await page.getByLabel('Model', { exact: true }).selectOption(MODEL);
    // The key lives in this tab's sessionStorage only: no cookie, no localStorage.
    expect(await page.evaluate(() => document.cookie)).not.toContain(secret);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(secret);
    await expect(page.getByRole('heading', { name: 'Send a message to start' })).toBeVisible();
  });

  await test.step('an answer streams in token by token, with usage, timings and the request id', async () => {
    await withDemoHeaders(page, { 'x-demo-tokens': '40', 'x-demo-itl-ms': '60' });
    await page.getByLabel('System prompt').fill('Answer in plain words.');
    await page.getByLabel('Temperature', { exact: true }).fill('0.3');
    await page.getByLabel('Max tokens').fill('200');
    await page.getByLabel('Message').fill('Tell me about the gateway');
    await page.getByLabel('Message').press('Enter');

    // Sample the answer while it streams: partial lengths between empty and complete must show up.
    const answer = lastAnswer(page);
    const lengths = new Set<number>();
    const status = page.getByRole('status').filter({ hasText: /Streaming|Complete/ });
    await expect(status).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
    let streamingShot = false;
    const deadline = Date.now() + 15_000;
    while (
      (await page.getByRole('status').filter({ hasText: 'Streaming' }).isVisible()) &&
      Date.now() < deadline
    ) {
      const length = ((await answer.locator('> div').last().textContent({ timeout: 1_000 })) ?? '').length;
      lengths.add(length);
      if (!streamingShot && length > 40) {
        await saveScreenshot(page, 'playground-streaming');
        streamingShot = true;
      }
      await page.waitForTimeout(40);
    }
    await expect(page.getByRole('status').filter({ hasText: 'Complete' })).toBeVisible();
    const finalText = (await answer.locator('> div').last().textContent()) ?? '';
    expect(finalText).toMatch(/^You said: Tell me about the gateway/);
    const partial = [...lengths].filter((length) => length > 0 && length < finalText.length);
    expect(partial.length, `partial lengths seen: ${[...lengths].join(', ')}`).toBeGreaterThanOrEqual(2);

    const stats = page.locator('dl').filter({ hasText: 'Time to first token' });
    await expect(stats.locator('div').filter({ hasText: 'Output tokens' }).locator('dd')).toHaveText('40');
    await expect(stats.locator('div').filter({ hasText: 'Input tokens' }).locator('dd')).toHaveText(/^\d+$/);
    await expect(stats.locator('div').filter({ hasText: 'Time to first token' }).locator('dd')).toHaveText(
      /^\d+ ms$|^\d+\.\d\d s$/,
    );
    await expect(stats.locator('div').filter({ hasText: 'Latency' }).locator('dd')).toHaveText(/ s$|ms$/);
    await expect(page.getByText(/^req_\w+$/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
    await saveScreenshot(page, 'playground-streamed');
  });

  await test.step('view code shows the same request, with the key left out', async () => {
    await page.getByRole('button', { name: 'View code' }).click();
    const dialog = page.getByRole('dialog', { name: 'Code for this request' });
    await expect(dialog).toBeVisible();
    const code = dialog.locator('pre');
    await expect(code).toContainText('curl -N http://');
    await expect(code).toContainText('Authorization: Bearer $LLMGUARD_API_KEY');
    await expect(code).toContainText('Tell me about the gateway');
    await expect(code).toContainText('"temperature": 0.3');
    await dialog.getByRole('tab', { name: 'Python' }).click();
    await expect(code).toContainText('api_key=os.environ["LLMGUARD_API_KEY"]');
    await expect(code).not.toContainText(secret);
    await saveScreenshot(page, 'playground-view-code');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('Stop ends a long answer mid-stream, and the upstream call with it', async () => {
    const disconnectsBefore = await upstreamClientDisconnects();
    await withDemoHeaders(page, { 'x-demo-tokens': '400', 'x-demo-itl-ms': '60' });
    await page.getByLabel('Message').fill('Keep going for a long time');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const answer = lastAnswer(page);
    await expect(answer).toContainText('You said: Keep going');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toBeVisible();
    await expect(answer).toContainText('Stopped');
    const stoppedText = await answer.textContent();
    await page.waitForTimeout(500);
    expect(await answer.textContent()).toBe(stoppedText);
    // The abort travelled browser → portal → gateway → upstream.
    await expect.poll(upstreamClientDisconnects, { timeout: 5_000 }).toBeGreaterThan(disconnectsBefore);
    await expect(page.getByTestId('message-user')).toHaveCount(2);
    await saveScreenshot(page, 'playground-stopped');
  });

  await test.step('a 429 reads as a rate limit, and the prompt comes back to the composer', async () => {
    await withDemoHeaders(page, { 'x-demo-fail': '429' });
    await page.getByLabel('Message').fill('One more, please');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Rate limited' });
    await expect(alert).toContainText('Injected failure 429 (demo-upstream).');
    await expect(alert).toContainText('HTTP 429 · rate_limit_exceeded · retry in 1 s');
    await expect(alert).toContainText(/Request ID: req_\w+/);
    await expect(page.getByLabel('Message')).toHaveValue('One more, please');
    await expect(page.getByTestId('message-user')).toHaveCount(2);
    await saveScreenshot(page, 'playground-error-429');
  });

  await test.step('a stream cut half-way keeps its text and says it broke off', async () => {
    await withDemoHeaders(page, {
      'x-demo-fail': 'disconnect',
      'x-demo-tokens': '20',
      'x-demo-itl-ms': '10',
    });
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The stream stopped with an error' });
    await expect(alert).toContainText('The upstream model server stopped in the middle of the stream.');
    await expect(lastAnswer(page)).toContainText('Broke off');
    await expect(lastAnswer(page)).toContainText('You said: One more');
  });

  await test.step('the key survives a reload of the tab, and Change key forgets it', async () => {
    await page.unroute(CHAT_PROXY);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Change key' })).toBeVisible();
    await page.getByRole('button', { name: 'Change key' }).click();
    await expect(page.getByLabel('API key')).toHaveValue('');
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(secret);
  });

  await test.step('phone width', async () => {
    await page.getByLabel('API key').fill(secret);
    await page.getByRole('button', { name: 'Use key' }).click();
    await expect(page.getByRole('button', { name: 'Change key' })).toBeVisible();
    await withDemoHeaders(page, { 'x-demo-tokens': '30' });
    await page.getByLabel('Message').fill('Hello from a phone');
    await page.getByLabel('Message').press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Complete' })).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'playground-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

test('the playground proxy refuses a browser without a portal session', async ({ request }) => {
  const response = await request.get('/api/playground/models', {
    headers: { authorization: 'Bearer lg_test_whatever' },
  });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ error: { code: 'portal_session_required' } });
});
