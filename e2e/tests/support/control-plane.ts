import { type APIRequestContext, expect, type Page, request } from '@playwright/test';
import { adminLogin } from './accounts';
import { LAPTOP } from './screenshots';

// Signing up in the portal, and calling the control plane as that browser or as the seeded platform admin (to set
// a tenant's policy, which only platform admins may do).

const controlPlaneUrl = process.env.CONTROL_PLANE_URL ?? 'http://127.0.0.1:8081';

export const E2E_PASSWORD = 'correct horse battery staple';

/** Signs up `person` in the portal and creates the workspace `slug`; the browser keeps the session. */
export async function newWorkspace(
  page: Page,
  slug: string,
  person: { name: string; email: string },
): Promise<void> {
  await page.setViewportSize(LAPTOP);
  await page.goto('/signup');
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel('Workspace name').fill(slug.replace(/-/g, ' '));
  await page.getByLabel('Workspace URL').fill(slug);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/keys`));
}

/** The browser's session, replayed against the control plane (the portal re-issues its cookies as is). */
export async function controlPlaneAs(page: Page): Promise<APIRequestContext> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((cookie) => cookie.name === 'llmguard_csrf')?.value ?? '';
  return request.newContext({
    baseURL: controlPlaneUrl,
    extraHTTPHeaders: {
      cookie: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '),
      'x-csrf-token': csrf,
    },
  });
}

/** The seeded platform admin, signed in to the control plane (its session cookie and CSRF token). */
export async function platformAdmin(): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: controlPlaneUrl });
  const login = await api.post('/api/auth/login', { data: adminLogin() });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login
    .headersArray()
    .filter((header) => header.name.toLowerCase() === 'set-cookie')
    .map((header) => header.value.split(';')[0])
    .join('; ');
  await api.dispose();
  return request.newContext({
    baseURL: controlPlaneUrl,
    extraHTTPHeaders: { cookie, 'x-csrf-token': csrfToken },
  });
}
