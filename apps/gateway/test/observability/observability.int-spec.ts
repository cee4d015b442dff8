import OpenAI from 'openai';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@llmguard/db';
import { startDemoUpstream, type DemoUpstream } from '@llmguard/demo-upstream';
import { startGateway } from '../../src/main';
import {
  addRoute,
  createTestTenant,
  ensureSlaTiers,
  setTenantPolicy,
  type TestTenant,
} from '../support/fixtures';
import { TEST_ENV } from '../support/test-env';

// One gateway with tracing on (an in-process OTLP/HTTP receiver), tenant labels for one tenant, and traffic of every
// kind: answered, streamed, refused by a limit, unauthenticated, and an upstream that cannot be reached. Then
// /metrics is scraped and the exported spans read, and both are checked against what the traffic must have produced.

const prisma = createPrismaClient(TEST_ENV.DATABASE_URL);
let gateway: Awaited<ReturnType<typeof startGateway>>;
let upstream: DemoUpstream;
let labelled: TestTenant;
let unlabelled: TestTenant;
let limited: TestTenant;

/** What the OTLP receiver got: every span of every export. */
const spans: OtlpSpan[] = [];
let receiver: Server;
/** An upstream that records the headers it was sent and answers like OpenAI. */
const upstreamHeaders: IncomingHttpHeaders[] = [];
let recorder: Server;

type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
};

const CLIENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN_ID = '00f067aa0ba902b7';

beforeAll(async () => {
  await ensureSlaTiers(prisma);
  upstream = await startDemoUpstream({ port: 0, ttftMs: 5, itlMs: 1, tokens: 6 });
  receiver = await listen((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const exported = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const resourceSpans of exported.resourceSpans)
        for (const scopeSpans of resourceSpans.scopeSpans) spans.push(...scopeSpans.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  recorder = await listen((request, response) => {
    upstreamHeaders.push(request.headers);
    request.resume();
    request.on('end', () =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: 'chatcmpl-recorded',
          object: 'chat.completion',
          created: 0,
          model: 'recorded',
          choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        }),
      ),
    );
  });

  labelled = await createTestTenant(prisma);
  unlabelled = await createTestTenant(prisma);
  limited = await createTestTenant(prisma);
  await addRoute(prisma, labelled, {
    alias: labelled.alias('obs'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  await addRoute(prisma, labelled, {
    alias: labelled.alias('traced'),
    provider: 'openai',
    baseUrl: urlOf(recorder),
  });
  await addRoute(prisma, labelled, {
    alias: labelled.alias('unreachable'),
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:9/v1',
  });
  await addRoute(prisma, unlabelled, {
    alias: unlabelled.alias('obs'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  await addRoute(prisma, limited, {
    alias: limited.alias('obs'),
    provider: 'openai',
    baseUrl: `${upstream.url}/v1`,
  });
  await setTenantPolicy(prisma, limited.tenantId, { rateLimits: { tenant: { requestsPerMinute: 1 } } });

  gateway = await startGateway({
    ...TEST_ENV,
    NODE_ENV: 'test',
    GATEWAY_PLANES: 'data,control',
    DATA_PLANE_PORT: '0',
    CONTROL_PLANE_PORT: '0',
    METRICS_TENANT_LABELS: labelled.tenantId,
    OTEL_EXPORTER_OTLP_ENDPOINT: urlOf(receiver).replace(/\/v1$/, ''),
    OTEL_SERVICE_NAME: 'llmguard-gateway-test',
    ROUTING_RETRIES_PER_DEPLOYMENT: '0',
  });
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
  receiver?.close();
  recorder?.close();
  await prisma.$disconnect();
});

const client = (tenant: TestTenant, headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: tenant.apiKey,
    baseURL: `${gateway.dataPlaneUrl}/v1`,
    maxRetries: 0,
    defaultHeaders: headers,
  });

describe('metrics', () => {
  let inputTokens = 0;
  let outputTokens = 0;

  beforeAll(async () => {
    const openai = client(labelled);
    const model = labelled.alias('obs');
    for (let index = 0; index < 3; index += 1) {
      const answer = await openai.chat.completions.create({
        model,
        messages: [{ role: 'user', content: `hi ${index}` }],
      });
      inputTokens += answer.usage?.prompt_tokens ?? 0;
      outputTokens += answer.usage?.completion_tokens ?? 0;
    }
    for (let index = 0; index < 2; index += 1) {
      const stream = await openai.chat.completions.create({
        model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: `stream ${index}` }],
      });
      for await (const chunk of stream) {
        inputTokens += chunk.usage?.prompt_tokens ?? 0;
        outputTokens += chunk.usage?.completion_tokens ?? 0;
      }
    }
    await client(unlabelled).chat.completions.create({
      model: unlabelled.alias('obs'),
      messages: [{ role: 'user', content: 'hello' }],
    });
    const limitedClient = client(limited);
    await limitedClient.chat.completions.create({
      model: limited.alias('obs'),
      messages: [{ role: 'user', content: 'a' }],
    });
    await expect(
      limitedClient.chat.completions.create({
        model: limited.alias('obs'),
        messages: [{ role: 'user', content: 'b' }],
      }),
    ).rejects.toMatchObject({ status: 429 });
    const stranger = new OpenAI({
      apiKey: 'lg_test_not-a-key',
      baseURL: `${gateway.dataPlaneUrl}/v1`,
      maxRetries: 0,
    });
    await expect(
      stranger.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(
      openai.chat.completions.create({
        model: labelled.alias('unreachable'),
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toMatchObject({ status: 502 });
    const health = await fetch(`${gateway.controlPlaneUrl}/healthz`);
    expect(health.status).toBe(200);
  }, 30_000);

  it('counts requests by endpoint, model and status', async () => {
    const metrics = await scrape();
    const model = labelled.alias('obs');
    expect(
      metrics.value('llmguard_gateway_requests_total', {
        endpoint: 'chat/completions',
        model,
        status: '200',
      }),
    ).toBe(5);
    expect(metrics.value('llmguard_gateway_requests_total', { model, status: '401' })).toBe(1);
    expect(
      metrics.value('llmguard_gateway_requests_total', { model: limited.alias('obs'), status: '429' }),
    ).toBe(1);
    expect(
      metrics.value('llmguard_gateway_request_duration_seconds_count', { endpoint: 'chat/completions' }),
    ).toBeGreaterThanOrEqual(9);
  });

  it('meters tokens exactly as the upstream reported them, and time to first token of streams', async () => {
    const metrics = await scrape();
    const model = labelled.alias('obs');
    expect(inputTokens).toBeGreaterThan(0);
    expect(metrics.value('llmguard_gateway_tokens_total', { model, type: 'input' })).toBe(inputTokens);
    expect(metrics.value('llmguard_gateway_tokens_total', { model, type: 'output' })).toBe(outputTokens);
    expect(
      metrics.value('gen_ai_client_token_usage_sum', {
        gen_ai_request_model: model,
        gen_ai_token_type: 'output',
      }),
    ).toBe(outputTokens);
    expect(
      metrics.value('gen_ai_server_time_to_first_token_seconds_count', {
        gen_ai_request_model: model,
        gen_ai_operation_name: 'chat',
        gen_ai_provider_name: 'openai',
      }),
    ).toBe(2);
    expect(
      metrics.value('llmguard_gateway_output_tokens_per_second_count', { gen_ai_request_model: model }),
    ).toBe(2);
  });

  it('times upstream calls and the gateway overhead, and counts failed calls by outcome', async () => {
    const metrics = await scrape();
    const deployment = `${labelled.alias('obs')}-primary`;
    expect(metrics.value('llmguard_gateway_upstream_requests_total', { deployment, outcome: 'ok' })).toBe(5);
    expect(metrics.value('llmguard_gateway_upstream_duration_seconds_count', { deployment })).toBe(5);
    const unreachable = `${labelled.alias('unreachable')}-primary`;
    expect(
      metrics.value('llmguard_gateway_upstream_requests_total', {
        deployment: unreachable,
        outcome: 'connect_error',
      }),
    ).toBe(1);
    // One failure leaves its breaker closed (0), but the deployment now has a series.
    const breaker = metrics
      .series('llmguard_gateway_circuit_breaker_state')
      .find((series) => series.labels.deployment === unreachable);
    expect(breaker?.value).toBe(0);
    const overheadCount = metrics.value('llmguard_gateway_overhead_seconds_count', {
      endpoint: 'chat/completions',
    });
    const overheadSum = metrics.value('llmguard_gateway_overhead_seconds_sum', {
      endpoint: 'chat/completions',
    });
    expect(overheadCount).toBeGreaterThanOrEqual(7);
    // The gateway's own share: well under the upstream's, and never negative.
    expect(overheadSum).toBeGreaterThan(0);
    expect(overheadSum / overheadCount).toBeLessThan(0.5);
  });

  it('counts limit refusals by scope, with every scope present from the start', async () => {
    const metrics = await scrape();
    expect(metrics.value('llmguard_gateway_rate_limit_rejections_total', { scope: 'tenant' })).toBe(1);
    // Present at 0 before the first refusal of its kind (value() would also say 0 for a missing series).
    const budget = metrics
      .series('llmguard_gateway_rate_limit_rejections_total')
      .find((series) => series.labels.scope === 'budget');
    expect(budget?.value).toBe(0);
  });

  it('labels only the tenants it is told to', async () => {
    const metrics = await scrape();
    expect(
      metrics.value('llmguard_gateway_tenant_requests_total', {
        tenant: labelled.tenantId,
        status_class: '2xx',
      }),
    ).toBe(5);
    expect(
      metrics.value('llmguard_gateway_tenant_tokens_total', { tenant: labelled.tenantId, type: 'input' }),
    ).toBe(inputTokens);
    expect(
      metrics.value('llmguard_gateway_tenant_cost_usd_total', { tenant: labelled.tenantId }),
    ).toBeGreaterThan(0);
    expect(
      metrics
        .series('llmguard_gateway_tenant_requests_total')
        .some((series) => series.labels.tenant === unlabelled.tenantId),
    ).toBe(false);
  });

  it('counts control-plane requests by route pattern', async () => {
    const metrics = await scrape();
    expect(
      metrics.value('llmguard_gateway_api_requests_total', {
        route: '/healthz',
        method: 'GET',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('exposes every gateway series the alert rules and dashboards use', async () => {
    const metrics = await scrape();
    const referenced = referencedMetricNames().filter((name) => /^(llmguard_gateway_|gen_ai_)/.test(name));
    expect(referenced.length).toBeGreaterThan(10);
    expect(referenced.filter((name) => !metrics.types.has(name))).toEqual([]);
  });

  it('is served apart from the public planes', async () => {
    expect((await fetch(`${gateway.dataPlaneUrl}/metrics`)).status).toBe(404);
    expect((await fetch(gateway.metricsUrl.replace('/metrics', '/other'))).status).toBe(404);
  });
});

describe('tracing', () => {
  it('exports a server span per request with a span per stage, continuing the client trace and passing it upstream', async () => {
    const openai = client(labelled, { traceparent: `00-${CLIENT_TRACE_ID}-${CLIENT_SPAN_ID}-01` });
    await openai.chat.completions.create({
      model: labelled.alias('traced'),
      messages: [{ role: 'user', content: 'trace me' }],
    });
    const server = await waitFor(() =>
      spans.find((span) => span.traceId === CLIENT_TRACE_ID && span.name === 'POST /v1/chat/completions'),
    );
    expect(server.parentSpanId).toBe(CLIENT_SPAN_ID);
    expect(server.kind).toBe(2); // SERVER
    expect(attribute(server, 'http.response.status_code')).toBe(200);
    expect(attribute(server, 'gen_ai.usage.input_tokens')).toBe(3);
    expect(attribute(server, 'llmguard.tenant.id')).toBe(labelled.tenantId);

    const children = await waitFor(() => {
      const found = spans.filter((span) => span.parentSpanId === server.spanId);
      return found.length >= 5 ? found : undefined;
    });
    expect(children.map((span) => span.name)).toEqual(
      expect.arrayContaining(['authenticate', 'authorize-scope', 'route', 'admit', 'call-provider']),
    );
    const callProvider = children.find((span) => span.name === 'call-provider');
    const upstreamSpan = spans.find((span) => span.parentSpanId === callProvider?.spanId);
    expect(upstreamSpan?.name).toBe('chat demo-model-1');
    expect(upstreamSpan?.kind).toBe(3); // CLIENT
    expect(attribute(upstreamSpan, 'gen_ai.provider.name')).toBe('openai');
    // The upstream was told the upstream span is its parent, in the client's trace.
    const sent = upstreamHeaders.at(-1)?.traceparent;
    expect(sent).toBe(`00-${CLIENT_TRACE_ID}-${upstreamSpan?.spanId}-01`);
  }, 20_000);
});

/** A scrape of the gateway's /metrics, parsed. */
async function scrape() {
  const response = await fetch(gateway.metricsUrl);
  expect(response.status).toBe(200);
  const text = await response.text();
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type?.[1]) types.add(type[1]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const match of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[match[1] ?? ''] = match[2] ?? '';
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  const series = (name: string) => samples.filter((sample) => sample.name === name);
  return {
    types,
    series,
    /** The sum over the series of `name` whose labels include `labels` (0 when none). */
    value(name: string, labels: Record<string, string>) {
      return series(name)
        .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
        .reduce((sum, sample) => sum + sample.value, 0);
    },
  };
}

/** Metric names used by infra/monitoring (alert and recording rules, dashboards), without histogram suffixes. */
function referencedMetricNames(): string[] {
  const monitoring = resolve(__dirname, '../../../../infra/monitoring');
  const texts = [
    ...readdirSync(join(monitoring, 'prometheus/rules')).map((file) =>
      join(monitoring, 'prometheus/rules', file),
    ),
    ...readdirSync(join(monitoring, 'grafana/dashboards')).map((file) =>
      join(monitoring, 'grafana/dashboards', file),
    ),
  ].map((file) => readFileSync(file, 'utf8'));
  const names = new Set<string>();
  for (const text of texts)
    for (const match of text.matchAll(/\b((?:llmguard|gen_ai)_[a-z_]+)\b/g))
      names.add((match[1] ?? '').replace(/_(bucket|sum|count)$/, ''));
  // The GenAI metrics' label names look like metric names too.
  return [...names].filter(
    (name) => !/^gen_ai_(operation_name|provider_name|request_model|token_type)$/.test(name),
  );
}

function attribute(span: OtlpSpan | undefined, key: string): unknown {
  const value = span?.attributes.find((entry) => entry.key === key)?.value;
  if (!value) return undefined;
  const raw = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
  return typeof raw === 'string' && value.intValue !== undefined ? Number(raw) : raw;
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 12_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`not found within ${timeoutMs} ms (${spans.length} spans received)`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
}
