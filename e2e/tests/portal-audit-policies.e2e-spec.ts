import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { adminLogin, logIn } from './support/accounts';
import { saveLaptopAndPhone, saveScreenshot } from './support/screenshots';

// The audit log and the policies pages against the real stack (test profile). A tenant owner sees the entries of
// what they just did, filters and searches them, downloads the export and sees the chain verified; they read the
// policy without any edit control. The seeded platform admin then edits the tenant's tokensPerMinute, sees the new
// version and its diff, and restores the previous version. Every page and state is saved at laptop and phone widths.

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const ownerEmail = `audit-${run}@example.com`;
const password = 'correct horse battery staple';
const slug = `audit-${run}`;
const KEY_NAME = `Audit key ${run}`;

/** Saves the page as `name-laptop` and `name-phone`. */
const screenshotBoth = (page: Page, name: string) => saveLaptopAndPhone(page, name, `${name}-laptop`);

/**
 * Who the browser is, as a load balancer in front of the portal would report it: the portal forwards the address
 * chain and the user agent to the control plane, which believes the chain from the portal (TRUSTED_PROXIES, loopback
 * in the test stack) and records the browser's address and user agent in every audit entry.
 */
const BROWSER_ADDRESS = '203.0.113.77';
const BROWSER_AGENT = `LLMGuard-E2E-Browser/1.0 (audit ${run})`;

test.describe.configure({ mode: 'serial' });
test.use({ userAgent: BROWSER_AGENT, extraHTTPHeaders: { 'x-forwarded-for': BROWSER_ADDRESS } });

test('a tenant owner reads, filters, searches, verifies and exports the audit log', async ({ page }) => {
  test.setTimeout(120_000);

  await test.step('sign up, create a workspace and a key', async () => {
    await page.goto('/signup');
    await page.getByLabel('Name').fill('Audit Owner');
    await page.getByLabel('Email').fill(ownerEmail);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/new$/);
    await page.getByLabel('Workspace name').fill(`Audit ${run}`);
    await expect(page.getByLabel('Workspace URL')).toHaveValue(slug);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/keys`));
    await page.getByRole('button', { name: 'Create your first key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name').fill(KEY_NAME);
    await form.getByRole('button', { name: 'Create key' }).click();
    await page
      .getByRole('dialog', { name: 'Save your secret key' })
      .getByRole('button', { name: 'Done' })
      .click();
  });

  await test.step('the entries of those actions appear, newest first, with the owner as actor', async () => {
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/audit-log$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows.nth(1)).toContainText('api_key.created');
    await expect(rows.nth(1)).toContainText(ownerEmail);
    await expect(rows.nth(1)).toContainText('Audit Owner');
    await expect(page.getByRole('table')).toContainText('tenant.created');
    // The relative time carries the absolute one on hover.
    await expect(rows.nth(1).locator('time').first()).toHaveAttribute('title', / UTC$/);
    await expect(page.getByRole('status').filter({ hasText: 'Verified up to entry #' })).toBeVisible();
    await screenshotBoth(page, 'audit-log');
  });

  await test.step('a row opens its details: addresses, JSON before and after', async () => {
    const first = page.getByRole('button', { name: /Show details of entry #\d+/ }).first();
    await first.click();
    const details = page.locator('[id^="audit-details-"]').first();
    // The browser's address and user agent, forwarded by the portal, not the portal's own.
    await expect(details.getByText('IP address').locator('xpath=..')).toContainText(BROWSER_ADDRESS);
    await expect(details.getByText('User agent').locator('xpath=..')).toContainText(BROWSER_AGENT);
    await expect(details.locator('pre')).toContainText(`"name": "${KEY_NAME}"`);
    await screenshotBoth(page, 'audit-log-details');
    await page
      .getByRole('button', { name: /Hide details of entry/ })
      .first()
      .click();
    await expect(page.locator('[id^="audit-details-"]')).toHaveCount(0);
  });

  await test.step('filtering by action keeps only those entries, in the URL', async () => {
    await page.getByLabel('Action').fill('api_key.created');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/action=api_key.created/);
    const table = page.getByRole('table');
    await expect(table).toContainText('api_key.created');
    await expect(table).not.toContainText('tenant.created');
    await screenshotBoth(page, 'audit-log-filtered');
  });

  await test.step('the export downloads the filtered rows as CSV and JSON lines', async () => {
    await page.getByRole('button', { name: 'Export' }).click();
    await saveScreenshot(page, 'audit-log-export-menu-laptop');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^CSV/ }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(new RegExp(`^audit-log-${slug}-.*\\.csv$`));
    const csvText = readFileSync(await csv.path(), 'utf8');
    const lines = csvText.trim().split('\n');
    expect(lines[0]).toContain('sequence,id,occurredAt,actorType,actorId,action');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('api_key.created');

    // A download is no navigation: the menu stays open until dismissed.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Export' }).click();
    const [jsonl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /^JSON lines/ }).click(),
    ]);
    const entries = readFileSync(await jsonl.path(), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(entries.map((entry) => entry.action)).toEqual(['api_key.created']);
  });

  await test.step('a search with no match says so; clearing the filters brings every entry back', async () => {
    await page.goto(`/${slug}/audit-log`);
    await page.getByLabel('Search', { exact: true }).fill('no-such-thing-anywhere');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('heading', { name: 'No entries match these filters' })).toBeVisible();
    await screenshotBoth(page, 'audit-log-no-match');
    // The search also finds entries by the acting user's email, in any case.
    await page.getByLabel('Search', { exact: true }).fill(ownerEmail.toUpperCase());
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('table')).toContainText('api_key.created');
    await expect(page.getByRole('table')).toContainText('tenant.created');
    await page.getByRole('link', { name: 'Clear', exact: true }).click();
    // The exports are audited too.
    await expect(page.getByRole('table')).toContainText('audit_log.exported');
  });

  await test.step('"Verify now" re-checks the chain', async () => {
    await page.getByRole('button', { name: 'Verify now' }).click();
    await expect(page.getByRole('button', { name: 'Verify now' })).toBeEnabled();
    await expect(page.getByRole('status').filter({ hasText: 'Verified up to entry #' })).toBeVisible();
  });

  await test.step('the policy reads without any edit control', async () => {
    await page.getByRole('link', { name: 'Policies' }).first().click();
    // A first visit may wait for the dev server to compile the page.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Policies', { timeout: 30_000 });
    await expect(page.getByText('Read-only: LLMGuard platform admins set these policies')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Rate limits' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Edit/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Restore/ })).toHaveCount(0);
    await screenshotBoth(page, 'policies-read-only');
  });
});

test('a platform admin edits the tokens per minute, reads the diff and restores the previous version', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const admin = adminLogin();
  await logIn(page, admin.email, admin.password);
  await page.goto(`/${slug}/policies`);
  await expect(page.getByText('You can edit as a platform admin')).toBeVisible({ timeout: 30_000 });
  const rateLimits = page.locator('[data-section="rateLimits"]');
  const workspaceRow = rateLimits.locator('[data-scope="tenant"]');

  const saveTokensPerMinute = async (value: number, comment: string) => {
    await page.getByRole('button', { name: 'Edit rate limits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit rate limits' });
    await dialog.getByRole('button', { name: 'JSON' }).click();
    await dialog
      .getByLabel('Overrides (JSON)')
      .fill(JSON.stringify({ tenant: { tokensPerMinute: value } }, null, 2));
    await dialog.getByLabel('Why (shown in the history)').fill(comment);
    await dialog.getByRole('button', { name: 'Save new version' }).click();
    const saved = page.getByRole('dialog', { name: 'Rate limits saved' });
    await expect(saved).toBeVisible();
    await saved.getByRole('button', { name: 'Close' }).click();
    await expect(workspaceRow).toContainText(value.toLocaleString('en-US'));
  };

  await test.step('the editor refuses what the API would refuse, at the field', async () => {
    await screenshotBoth(page, 'policies-admin');
    await page.getByRole('button', { name: 'Edit rate limits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit rate limits' });
    // The fields first: the refusal stands under its field, and the value typed stays.
    const tokens = dialog.getByRole('group', { name: 'Whole workspace' }).getByLabel('Tokens / min');
    await tokens.fill('0');
    await expect(tokens).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.locator('#policy-rateLimits-tenant\\.tokensPerMinute-message')).toHaveText(
      'Use at least 1.',
    );
    await expect(tokens).toHaveValue('0');
    await expect(dialog.getByRole('button', { name: 'Save new version' })).toBeDisabled();
    await screenshotBoth(page, 'policies-fields-invalid');
    // The JSON editor holds the same edit; it refuses it too, naming the path.
    await tokens.fill('');
    await dialog.getByRole('button', { name: 'JSON' }).click();
    await dialog.getByLabel('Overrides (JSON)').fill('{"tenant": {"tokensPerMinute": 0}}');
    await expect(dialog.getByRole('alert')).toContainText('tenant.tokensPerMinute');
    await expect(dialog.getByRole('button', { name: 'Save new version' })).toBeDisabled();
    await screenshotBoth(page, 'policies-editor-invalid');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('two saves make two versions; the newest shows its diff', async () => {
    await saveTokensPerMinute(1234, 'First limit');
    await expect(workspaceRow).toContainText('Override');
    await saveTokensPerMinute(2345, 'Raise for the launch');
    const history = page.getByRole('region', { name: 'Version history' });
    const newest = history.getByRole('row').nth(1);
    await expect(newest).toContainText('Current');
    await expect(newest).toContainText('Raise for the launch');
    await expect(newest).toContainText(admin.email);
    const version = Number(await newest.getAttribute('data-version'));
    // The version in force is the one shown by default.
    await expect(newest.getByRole('link', { name: 'Shown' })).toHaveAttribute('aria-current', 'true');
    const diff = page.getByRole('region', { name: /Changes in version/ });
    await expect(diff).toHaveAttribute('data-version', String(version));
    await expect(diff).toContainText('rateLimits.tenant.tokensPerMinute');
    await expect(diff.locator('del')).toHaveText('1,234');
    await expect(diff.locator('ins')).toHaveText('2,345');
    await screenshotBoth(page, 'policies-diff');
  });

  await test.step('restoring the previous version brings its limit back as a new version', async () => {
    const history = page.getByRole('region', { name: 'Version history' });
    const previous = history.getByRole('row').nth(2);
    const previousVersion = Number(await previous.getAttribute('data-version'));
    await previous.getByRole('link', { name: 'View changes' }).click();
    await page.getByRole('button', { name: `Restore version ${previousVersion}` }).click();
    const confirm = page.getByRole('dialog', { name: `Restore version ${previousVersion}?` });
    await expect(confirm).toBeVisible();
    await screenshotBoth(page, 'policies-restore-confirm');
    await confirm.getByRole('button', { name: `Restore version ${previousVersion}` }).click();
    const done = page.getByRole('dialog', { name: 'Version restored' });
    await expect(done).toBeVisible();
    await done.getByRole('button', { name: 'Close' }).click();
    await expect(workspaceRow).toContainText('1,234');
    const newest = history.getByRole('row').nth(1);
    await expect(newest).toContainText('Current');
    await expect(newest).toContainText(`Restored version ${previousVersion}`);
    await screenshotBoth(page, 'policies-restored');
  });

  await test.step("the tenant's audit log names the platform admin", async () => {
    await page.goto(`/${slug}/audit-log?action=policy.*`);
    const first = page.getByRole('table').getByRole('row').nth(1);
    await expect(first).toContainText('policy.version_restored');
    await expect(first).toContainText('Platform admin');
    await screenshotBoth(page, 'audit-log-platform-admin');
  });

  await test.step('a budget set with the fields: dollars in, a cap in force', async () => {
    await page.goto(`/${slug}/policies`);
    await page.getByRole('button', { name: 'Edit budgets' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit budgets' });
    await dialog.getByLabel('Monthly cap (USD)').fill('twelve');
    await dialog.getByLabel('At a cap').selectOption('alert');
    await expect(dialog.getByLabel('Monthly cap (USD)')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText('Enter an amount in dollars, like 250 or 0.5.')).toBeVisible();
    await expect(dialog.getByLabel('At a cap')).toHaveValue('alert');
    await dialog.getByLabel('Monthly cap (USD)').fill('12.5');
    await dialog.getByLabel('Alert at (% of a cap)').fill('50, 90');
    await dialog.getByLabel('Why (shown in the history)').fill('A monthly cap');
    await screenshotBoth(page, 'policies-budget-fields');
    await dialog.getByRole('button', { name: 'Save new version' }).click();
    const saved = page.getByRole('dialog', { name: 'Budgets saved' });
    await expect(saved).toBeVisible();
    await saved.getByRole('button', { name: 'Close' }).click();
    const budgets = page.locator('[data-section="budgets"]');
    await expect(budgets).toContainText('$12.50');
    await expect(budgets).toContainText('50%, 90%');
  });

  await test.step('guardrails set with the fields: an unknown region refused at its field, then saved', async () => {
    await page.getByRole('button', { name: 'Edit guardrails' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit guardrails' });
    const personalData = dialog.getByRole('group', { name: 'Personal data' });
    const regions = personalData.getByLabel('Phone numbers without +, from (e.g. GB, DE)');
    await regions.fill('GB, UK');
    await expect(regions).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.locator('#policy-guardrails-pii\\.phoneRegions-message')).toHaveText(
      'UK is not a region code: use ISO 3166-1 codes such as GB, DE or US.',
    );
    await regions.fill('gb, de');
    await personalData.getByLabel('In prompts').selectOption('redact');
    await dialog
      .getByRole('group', { name: 'Prompt injection' })
      .getByLabel('Likely injections')
      .selectOption('flag');
    await dialog.getByLabel('Why (shown in the history)').fill('UK and German phone numbers');
    await screenshotBoth(page, 'policies-guardrails-fields');
    await dialog.getByRole('button', { name: 'Save new version' }).click();
    const saved = page.getByRole('dialog', { name: 'Guardrails saved' });
    await expect(saved).toBeVisible();
    await saved.getByRole('button', { name: 'Close' }).click();
    const guardrails = page.locator('[data-section="guardrails"]');
    await expect(guardrails).toContainText('GB, DE');
    await expect(guardrails).toContainText('redact');
    await screenshotBoth(page, 'policies-guardrails-saved');
  });
});
