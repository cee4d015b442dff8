import { expect, test } from '@playwright/test';
import { isReady } from './support/readiness';
import { saveScreenshot } from './support/screenshots';

const controlPlaneUrl = process.env.CONTROL_PLANE_URL ?? 'http://127.0.0.1:8081';
const dataPlaneUrl = process.env.PUBLIC_GATEWAY_URL ?? 'http://127.0.0.1:8080';

test.describe('portal', () => {
  test('the landing page explains LLMGuard and reports the real state of both planes', async ({ page }) => {
    // Ask the services directly, so the card is checked against reality whether the stack is up or not.
    const [controlPlaneReady, dataPlaneReady] = await Promise.all([
      isReady(controlPlaneUrl),
      isReady(dataPlaneUrl),
    ]);

    await page.goto('/');
    await expect(page).toHaveTitle(/LLMGuard/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'One secure gateway for every LLM your apps call',
    );
    const main = page.getByRole('main');
    await expect(main.getByRole('link', { name: 'Sign up' })).toHaveAttribute('href', '/signup');
    await expect(main.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');

    const status = page.getByRole('region', { name: 'System status' });
    const expected = (ready: boolean) => (ready ? 'Operational' : 'Unavailable');
    await expect(status.getByRole('listitem').filter({ hasText: 'Control plane' })).toContainText(
      expected(controlPlaneReady),
    );
    await expect(status.getByRole('listitem').filter({ hasText: 'Data plane' })).toContainText(
      expected(dataPlaneReady),
    );
    await saveScreenshot(page, 'landing');
  });

  test('the landing page links to the login and signup forms', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in to LLMGuard');
  });

  test('the login form rejects a malformed email before submitting', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('whatever');
    await page.getByRole('button', { name: 'Log in' }).click();

    const email = page.getByLabel('Email');
    await expect(page.getByText('Enter a valid email address, like you@company.com.')).toBeVisible();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/login$/);
    await saveScreenshot(page, 'login-invalid-email');
  });

  test('the login form shows why a well-formed login failed', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();

    // Whether the control plane is down or refuses these credentials, the form explains it and keeps the email.
    const alert = page.getByRole('alert').filter({ hasText: 'Could not log in' });
    await expect(alert).toBeVisible({ timeout: 10_000 });
    await expect(alert).not.toHaveText('Could not log in');
    await expect(page.getByLabel('Email')).toHaveValue('nobody@example.com');
    await expect(page).toHaveURL(/\/login$/);
    await saveScreenshot(page, 'login-failed');
  });

  test('the signup form asks for a long enough password', async ({ page }) => {
    await page.goto('/signup');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Create your LLMGuard account');
    await saveScreenshot(page, 'signup');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
    await saveScreenshot(page, 'signup-short-password');
  });

  test('the health endpoints answer', async ({ request }) => {
    const health = await request.get('/healthz');
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const readiness = await request.get('/readyz');
    const controlPlaneReady = await isReady(controlPlaneUrl);
    expect(readiness.status()).toBe(controlPlaneReady ? 200 : 503);
    expect(await readiness.json()).toMatchObject({ status: controlPlaneReady ? 'ready' : 'unavailable' });
  });
});
