import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import { randomBase62 } from '@llmguard/shared';
import { addRoute, createTestTenant, ensureSlaTiers, type TestTenant } from '../support/fixtures';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { TEST_ENV } from '../support/test-env';

// The built gateway as production runs it, its stdout read as a log collector would: every line JSON, one access
// line per request with its ids, and never a prompt, an answer or a key.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let upstream: DemoUpstream;
let gateway: GatewayProcess;
let tenant: TestTenant;

beforeAll(async () => {
  await ensureSlaTiers(prisma);
  upstream = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 4 });
  tenant = await createTestTenant(prisma);
  await addRoute(prisma, tenant, {
    alias: tenant.alias('logs'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  gateway = await startGatewayProcess({ ...TEST_ENV, LOG_LEVEL: 'info' });
}, 40_000);

afterAll(async () => {
  await gateway?.kill();
  await upstream?.close();
  await prisma.$disconnect();
});

it('writes one JSON access line per request, with ids and no prompt, answer or key', async () => {
  const secretPrompt = `my card is 4111 1111 1111 1111, marker ${randomBase62(12)}`;
  const openai = new OpenAI({ apiKey: tenant.apiKey, baseURL: `${gateway.dataPlaneUrl}/v1`, maxRetries: 0 });
  const { data, response } = await openai.chat.completions
    .create({ model: tenant.alias('logs'), messages: [{ role: 'user', content: secretPrompt }] })
    .withResponse();
  const answer = data.choices[0]?.message.content ?? '';
  const requestId = response.headers.get('x-request-id');
  const bad = new OpenAI({
    apiKey: `${tenant.apiKey}x`,
    baseURL: `${gateway.dataPlaneUrl}/v1`,
    maxRetries: 0,
  });
  await expect(
    bad.chat.completions.create({
      model: tenant.alias('logs'),
      messages: [{ role: 'user', content: secretPrompt }],
    }),
  ).rejects.toMatchObject({ status: 401 });

  const lines = await waitForLines(
    gateway,
    (parsed) => parsed.filter((line) => line.msg === 'request').length >= 2,
  );
  const access = lines.find((line) => line.msg === 'request' && line.requestId === requestId);
  expect(access).toMatchObject({
    level: 'info',
    service: 'llmguard-gateway',
    tenantId: tenant.tenantId,
    apiKeyId: tenant.apiKeyId,
    model: tenant.alias('logs'),
    status: 200,
    outcome: 'success',
  });
  expect(typeof access?.latencyMs).toBe('number');
  expect(lines.some((line) => line.msg === 'request' && line.status === 401)).toBe(true);

  const output = gateway.output();
  expect(output).not.toContain(secretPrompt.slice(-12));
  expect(output).not.toContain('4111 1111');
  expect(output).not.toContain(tenant.apiKey);
  if (answer.length > 8) expect(output).not.toContain(answer);
}, 30_000);

/** The process's log lines parsed as JSON (every line must be), once `ready` says enough arrived. */
async function waitForLines(
  process: GatewayProcess,
  ready: (lines: Record<string, unknown>[]) => boolean,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = process
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    if (ready(lines) || Date.now() > deadline) return lines;
    await new Promise((wake) => setTimeout(wake, 100));
  }
}
