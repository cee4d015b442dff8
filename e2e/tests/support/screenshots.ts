import path from 'node:path';
import type { Page } from '@playwright/test';

/** e2e/screenshots/ (git-ignored): one full-page PNG per page the portal suite visits. */
export const SCREENSHOTS_DIR = path.resolve(__dirname, '..', '..', 'screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
