import OpenAI from 'openai';
import { expect, test } from '@playwright/test';
import { adminLogin, logIn } from './support/accounts';
import { saveScreenshot } from './support/screenshots';

// A platform admin lowers a tenant's tokens per minute in the portal's policy editor, and the tenant's next burst
// through the gateway (official openai client) is limited: the 429 names the limit, and the rate-limit headers
// carry the new value. The policy reaches the gateway by pub/sub, with no restart.

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const slug = `limits-${run}`;
const password = 'correct horse battery staple';
const openaiBaseUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080/v1';
const MODEL = 'demo-chat';
const LOWERED_TOKENS_PER_MINUTE = 300;

test('a platform admin lowers a tenant token limit and the next burst is limited', async ({ browser }) => {
  test.setTimeout(180_000);
  let secret = '';

  const owner = await browser.newPage();
  await test.step('a tenant owner signs up, creates a workspace and a key', async () => {
    await owner.goto('/signup');
    await owner.getByLabel('Name').fill('Limits Owner');
    await owner.getByLabel('Email').fill(`limits-${run}@example.com`);
    await owner.getByLabel('Password').fill(password);
    await owner.getByRole('button', { name: 'Create account' }).click();
    await expect(owner).toHaveURL(/\/new$/, { timeout: 30_000 });
    await owner.getByLabel('Workspace name').fill(`Limits ${run}`);
    await expect(owner.getByLabel('Workspace URL')).toHaveValue(slug);
    await owner.getByRole('button', { name: 'Create workspace' }).click();
    await expect(owner).toHaveURL(new RegExp(`/${slug}/keys`), { timeout: 30_000 });
    await owner.getByRole('button', { name: 'Create your first key' }).click();
    const form = owner.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name').fill('Burst key');
    await form.getByRole('button', { name: 'Create key' }).click();
    const reveal = owner.getByRole('dialog', { name: 'Save your secret key' });
    secret = await reveal.getByLabel('Secret key').inputValue();
    expect(secret).toMatch(/^lg_(live|test)_/);
    await reveal.getByRole('button', { name: 'Done' }).click();
  });

  const client = new OpenAI({ baseURL: openaiBaseUrl, apiKey: secret, maxRetries: 0 });
  const ask = () =>
    client.chat.completions
      .create({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();

  await test.step('before: a burst of ten calls is admitted', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        ask().then(
          () => 'ok',
          (e: Error) => e,
        ),
      ),
    );
    expect(results.filter((result) => result === 'ok')).toHaveLength(10);
  });

  const admin = await browser.newPage();
  await test.step('the platform admin lowers the tenant tokens per minute in the policy editor', async () => {
    const login = adminLogin();
    await logIn(admin, login.email, login.password);
    await admin.goto(`/${slug}/policies`);
    await expect(admin.getByText('You can edit as a platform admin')).toBeVisible({ timeout: 30_000 });
    await admin.getByRole('button', { name: 'Edit rate limits' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Edit rate limits' });
    // The per-field form: the workspace's tokens per minute (an empty field inherits the tier's default).
    await dialog
      .getByRole('group', { name: 'Whole workspace' })
      .getByLabel('Tokens / min')
      .fill(String(LOWERED_TOKENS_PER_MINUTE));
    await dialog.getByLabel('Why (shown in the history)').fill('Burst protection');
    await dialog.getByRole('button', { name: 'Save new version' }).click();
    await expect(admin.getByRole('dialog', { name: 'Rate limits saved' })).toBeVisible();
    await saveScreenshot(admin, 'admin-limits-saved');
  });

  await test.step("after: the tenant's next burst is limited, the 429 naming the limit", async () => {
    // Pushed to the gateway over pub/sub: within a second or two.
    await expect
      .poll(async () => (await ask()).response.headers.get('x-ratelimit-limit-tokens'), { timeout: 10_000 })
      .toBe(String(LOWERED_TOKENS_PER_MINUTE));
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        ask().then(
          () => 'ok',
          (e: Error) => e,
        ),
      ),
    );
    const refused = results.filter((result): result is Error => result instanceof Error);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refused[0]!.message).toMatch(/tokens per minute of your tenant: limit 300/);
  });
});
