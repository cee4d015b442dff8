import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** The seeded platform admin of the test profile: `email / password` (tools/seed writes it at start-up). */
export function adminLogin(): { email: string; password: string } {
  const file =
    process.env.E2E_ADMIN_LOGIN_FILE ??
    path.resolve(__dirname, '..', '..', '..', '.run', 'test', 'admin-login');
  const [email, secret] = readFileSync(file, 'utf8').trim().split(' / ');
  if (!email || !secret) throw new Error(`${file} does not hold "email / password"`);
  return { email, password: secret };
}

/** Logs in through the portal's form and waits until it leaves the login page. */
export async function logIn(page: Page, email: string, secret: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(secret);
  await page.getByRole('button', { name: 'Log in' }).click();
  // Password hashing on a busy machine can take a few seconds.
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}
