import { defineConfig, devices } from '@playwright/test';

// End-to-end tests against a stack that is already running: this config starts nothing (no
// `webServer`). Start the stack first, e.g. `bash scripts/start-stack.sh --profile test`, or for the
// portal alone `npm run build -w @llmguard/portal && npm run start -w @llmguard/portal`, then run
// `npx playwright test` here. scripts/test-all.sh does both and exports the variables below.
//
//   PORTAL_URL             portal base URL                        (default http://127.0.0.1:3000)
//   CONTROL_PLANE_URL      control plane, probed to check the status card (default http://127.0.0.1:8081)
//   PUBLIC_GATEWAY_URL     data plane, probed to check the status card    (default http://127.0.0.1:8080)
//   GATEWAY_URL            OpenAI SDK base URL                     (default http://127.0.0.1:8080/v1)
//   GATEWAY_ANTHROPIC_URL  Anthropic SDK base URL                  (default http://127.0.0.1:8080)
//   LLMGUARD_DEMO_KEY      demo tenant's API key; the gateway tests skip without it
//   CHROMIUM_PATH          browser binary (default Debian's /usr/bin/chromium; never `playwright install`)

export default defineConfig({
  testDir: './tests',
  testMatch: '**/*.e2e-spec.ts',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: process.env.PORTAL_URL ?? 'http://127.0.0.1:3000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
