import { expect, test } from '@playwright/test';
import { adminLogin, logIn } from './support/accounts';

// The portal server's /metrics, on its own port (PORTAL_METRICS_PORT of the test stack), counts the control-plane
// calls a signed-in page made; the public port does not serve it.
const PORTAL_METRICS_URL = `http://127.0.0.1:${process.env.PORTAL_METRICS_PORT ?? '19465'}/metrics`;

test('the portal exposes its control-plane calls on its metrics port only', async ({
  page,
  request,
  baseURL,
}) => {
  const admin = adminLogin();
  await logIn(page, admin.email, admin.password);
  const scrape = await request.get(PORTAL_METRICS_URL);
  expect(scrape.status()).toBe(200);
  const text = await scrape.text();
  const loginCalls =
    /llmguard_portal_control_plane_requests_total\{route="\/api\/auth\/login",method="POST",status="200"\} (\d+)/.exec(
      text,
    );
  expect(Number(loginCalls?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  expect(text).toContain('llmguard_portal_control_plane_request_duration_seconds_bucket');
  // The public port answers /metrics like any unknown page (a redirect to the login page), never with the metrics.
  const publicAnswer = await request.get(`${baseURL}/metrics`);
  expect(await publicAnswer.text()).not.toContain('llmguard_portal_control_plane_requests_total');
});
