import path from 'node:path';
import type { Page } from '@playwright/test';

/** e2e/screenshots/ (git-ignored): one full-page PNG per page the portal suite visits. */
export const SCREENSHOTS_DIR = path.resolve(__dirname, '..', '..', 'screenshots');

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export const LAPTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * Saves the page at laptop width (as `laptopName`, `name` by default), then at phone width as `name-phone`, and
 * goes back to laptop width.
 */
export async function saveLaptopAndPhone(page: Page, name: string, laptopName = name): Promise<void> {
  await page.setViewportSize(LAPTOP);
  await saveScreenshot(page, laptopName);
  await page.setViewportSize(PHONE);
  await saveScreenshot(page, `${name}-phone`);
  await page.setViewportSize(LAPTOP);
}
