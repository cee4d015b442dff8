#!/usr/bin/env node
// Upstream calls saved by the gateway's caches and embedding batching under a mixed workload, against a baseline
// measured in the same run: the same request sequence (seeded) sent to four set-ups, each with a new tenant (cold
// caches) on an in-process gateway:
//   baseline         no cache, no batching (EMBEDDING_BATCH_WINDOW_MS=0)
//   batching         embedding batching only (window --window-ms, default 2 ms)
//   cache            exact answer cache + embedding cache (tenant policy), no batching
//   cache+batching   both
// Workload (--requests, default 3000, at --concurrency 32): 70 % embeddings requests of 1-8 inputs drawn from 2,000
// texts with a Zipf(1.1) popularity (some texts are asked for all the time, most rarely), 30 % chat completions
// drawn from 300 questions, Zipf(1.1) too. The upstream is the demo upstream behind a counting proxy that adds
// --upstream-ms (default 40 ms) to every call, about what a hosted embeddings API takes, so batching has something to
// save; the proxy counts calls and inputs per endpoint. Needs the built gateway, shared, db and demo upstream
// (`npx nx run-many -t build -p @llmguard/gateway @llmguard/demo-upstream`), PostgreSQL and Redis (database 2).
//   node bench/cache-savings.mjs [--requests 3000] [--concurrency 32] [--upstream-ms 40] [--window-ms 2] [--json f]
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cliOption } from './cli-args.mjs';
import { Redis } from 'ioredis';
import { request } from 'undici';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { startGateway } = require('../apps/gateway/dist/main.js');
const { createPrismaClient } = require('@llmguard/db');
const {
  generateApiKey,
  newId,
  policyColumnsFromDocument,
  policyDocumentSchema,
} = require('@llmguard/shared');
const { startDemoUpstream } = require('@llmguard/demo-upstream');

const args = process.argv.slice(2);
const option = (name, fallback) => cliOption(args, name, fallback);
const REQUESTS = Number(option('requests', '3000'));
const CONCURRENCY = Number(option('concurrency', '32'));
const UPSTREAM_MS = Number(option('upstream-ms', '40'));
const WINDOW_MS = option('window-ms', '2');
const OWNER_URL = option('database-url', 'postgresql://postgres@127.0.0.1:5432/llmguard_test');
const APP_URL = OWNER_URL.replace('//postgres@', '//llmguard_app@');
const REDIS_PREFIX = 'llmguard-bench-cache:';
const log = (message) => process.stderr.write(`${message}\n`);

// ---------- the workload: one seeded sequence, the same for every set-up ----------
function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function zipf(random, size, exponent) {
  const weights = Array.from({ length: size }, (_, rank) => 1 / (rank + 1) ** exponent);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative = [];
  let running = 0;
  for (const weight of weights) cumulative.push((running += weight / total));
  return () => {
    const draw = random();
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < draw) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}
function workload() {
  const random = rng(20261127);
  const text = zipf(random, 2000, 1.1);
  const question = zipf(random, 300, 1.1);
  return Array.from({ length: REQUESTS }, () =>
    random() < 0.7
      ? {
          kind: 'embeddings',
          inputs: Array.from(
            { length: 1 + Math.floor(random() * 8) },
            () => `document ${text()} of the knowledge base`,
          ),
        }
      : { kind: 'chat', prompt: `Question ${question()}: what does the handbook say about it?` },
  );
}

// ---------- the upstream: demo upstream behind a counting, delaying proxy ----------
async function countingUpstream(target) {
  const counts = { embeddingsCalls: 0, embeddingsInputs: 0, chatCalls: 0 };
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    if (req.url?.endsWith('/embeddings')) {
      counts.embeddingsCalls += 1;
      const input = JSON.parse(body.toString()).input;
      counts.embeddingsInputs += Array.isArray(input) ? input.length : 1;
    } else if (req.url?.endsWith('/chat/completions')) counts.chatCalls += 1;
    await new Promise((resolve) => setTimeout(resolve, UPSTREAM_MS));
    const answer = await request(`${target}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json', accept: req.headers.accept ?? 'application/json' },
      body: body.length > 0 ? body : undefined,
    });
    res.writeHead(answer.statusCode, {
      'content-type': answer.headers['content-type'] ?? 'application/json',
    });
    for await (const chunk of answer.body) res.write(chunk);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    counts,
    close: () => new Promise((r) => server.close(r)),
  };
}

// ---------- tenants ----------
async function benchTenant(prisma, upstreamUrl, cached) {
  const tenantId = newId('tnt');
  const tag = tenantId.slice(-8).toLowerCase();
  await prisma.tenant.create({
    data: { id: tenantId, slug: `bench-cache-${tag}`, name: 'cache bench', tierId: 'enterprise' },
  });
  if (cached) {
    const document = policyDocumentSchema.parse({
      cache: { exact: { enabled: true }, embeddings: { enabled: true } },
    });
    await prisma.tenantPolicy.create({
      data: { id: newId('pol'), tenantId, version: 1, ...policyColumnsFromDocument(document) },
    });
    await prisma.tenant.update({ where: { id: tenantId }, data: { currentPolicyVersion: 1 } });
  }
  const key = generateApiKey('lg_test_');
  await prisma.apiKey.create({
    data: {
      id: newId('key'),
      tenantId,
      name: 'bench',
      prefix: key.prefix,
      hash: key.hash,
      lastFour: key.lastFour,
      scopes: ['inference', 'embeddings'],
      allowedModels: [],
    },
  });
  for (const [alias, model] of [
    ['chat', 'demo-model-1'],
    ['embed', 'text-embedding-3-small'],
  ]) {
    const routeId = newId('rte');
    await prisma.modelRoute.create({
      data: { id: routeId, tenantId, alias, strategy: 'weighted', config: {} },
    });
    await prisma.deployment.create({
      data: {
        id: newId('dep'),
        routeId,
        name: `${alias}-bench`,
        provider: 'openai',
        baseUrl: `${upstreamUrl}/v1`,
        upstreamModel: model,
        weight: 1,
        priority: 0,
        tags: ['bench'],
        inputPriceMicrosPerMillion: 1_000_000n,
        outputPriceMicrosPerMillion: 2_000_000n,
        cachedInputPriceMicrosPerMillion: 0n,
        enabled: true,
      },
    });
  }
  return { tenantId, apiKey: key.secret };
}

// ---------- one run ----------
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function run(gatewayUrl, apiKey, requests) {
  const latencies = { embeddings: [], chat: [] };
  let failures = 0;
  let next = 0;
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const one = async (item) => {
    const body =
      item.kind === 'embeddings'
        ? { model: 'embed', input: item.inputs }
        : { model: 'chat', messages: [{ role: 'user', content: item.prompt }], temperature: 0 };
    const startedAt = performance.now();
    const answer = await request(
      `${gatewayUrl}/v1/${item.kind === 'chat' ? 'chat/completions' : 'embeddings'}`,
      {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      },
    );
    await answer.body.text();
    if (answer.statusCode !== 200) failures += 1;
    latencies[item.kind].push(performance.now() - startedAt);
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const index = next++;
        if (index >= requests.length) return;
        await one(requests[index]);
      }
    }),
  );
  for (const list of Object.values(latencies)) list.sort((a, b) => a - b);
  return {
    failures,
    embeddingsP50Ms: percentile(latencies.embeddings, 50),
    embeddingsP99Ms: percentile(latencies.embeddings, 99),
    chatP50Ms: percentile(latencies.chat, 50),
    chatP99Ms: percentile(latencies.chat, 99),
  };
}

const env = (windowMs) => ({
  ...process.env,
  NODE_ENV: 'test',
  DATABASE_URL: APP_URL,
  REDIS_URL: 'redis://127.0.0.1:6379/2',
  REDIS_KEY_PREFIX: REDIS_PREFIX,
  GATEWAY_PLANES: 'data',
  DATA_PLANE_PORT: '0',
  METRICS_PORT: '0',
  LOG_LEVEL: 'warn',
  EMBEDDING_BATCH_WINDOW_MS: windowMs,
});

const prisma = createPrismaClient(OWNER_URL);
const demo = await startDemoUpstream({ port: 0, ttftMs: 0, itlMs: 0, tokens: 16 });
const upstream = await countingUpstream(demo.url);
const gateways = { unbatched: await startGateway(env('0')), batched: await startGateway(env(WINDOW_MS)) };
const requests = workload();
const setups = [
  { name: 'baseline', gateway: 'unbatched', cached: false },
  { name: 'batching', gateway: 'batched', cached: false },
  { name: 'cache', gateway: 'unbatched', cached: true },
  { name: 'cache+batching', gateway: 'batched', cached: true },
];
const tenants = [];
const results = [];
try {
  for (const setup of setups) {
    const tenant = await benchTenant(prisma, upstream.url, setup.cached);
    tenants.push(tenant.tenantId);
    const before = { ...upstream.counts };
    log(`${setup.name}: ${REQUESTS} requests at concurrency ${CONCURRENCY}`);
    const timing = await run(gateways[setup.gateway].dataPlaneUrl, tenant.apiKey, requests);
    results.push({
      setup: setup.name,
      embeddingsCalls: upstream.counts.embeddingsCalls - before.embeddingsCalls,
      embeddingsInputs: upstream.counts.embeddingsInputs - before.embeddingsInputs,
      chatCalls: upstream.counts.chatCalls - before.chatCalls,
      ...timing,
    });
  }
} finally {
  await Promise.all(Object.values(gateways).map((gateway) => gateway.close()));
  await upstream.close();
  await demo.close();
  await prisma.tenant.deleteMany({ where: { id: { in: tenants } } }).catch(() => undefined);
  await prisma.$disconnect();
  await forgetRedisKeys();
}

/** The run's caches, usage stream and limiter state: every key under the bench's prefix in Redis database 2. */
async function forgetRedisKeys() {
  const redis = new Redis('redis://127.0.0.1:6379/2');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

const embeddingRequests = requests.filter((item) => item.kind === 'embeddings');
const inputs = embeddingRequests.reduce((sum, item) => sum + item.inputs.length, 0);
const base = results[0];
const ratio = (value, baseline) => (baseline === 0 ? '-' : `${((value / baseline) * 100).toFixed(1)}%`);
console.log(
  `\n${REQUESTS} requests (${embeddingRequests.length} embeddings with ${inputs} inputs, ${REQUESTS - embeddingRequests.length} chat), ` +
    `concurrency ${CONCURRENCY}, upstream ${UPSTREAM_MS} ms per call, batch window ${WINDOW_MS} ms`,
);
console.log(
  'set-up          | embeddings calls (vs baseline) | inputs sent (vs baseline) | chat calls (vs baseline) | emb p50 / p99 ms | chat p50 / p99 ms | failed',
);
for (const row of results) {
  console.log(
    `${row.setup.padEnd(15)} | ${String(row.embeddingsCalls).padStart(6)} (${ratio(row.embeddingsCalls, base.embeddingsCalls).padStart(6)})       | ` +
      `${String(row.embeddingsInputs).padStart(6)} (${ratio(row.embeddingsInputs, base.embeddingsInputs).padStart(6)})   | ` +
      `${String(row.chatCalls).padStart(5)} (${ratio(row.chatCalls, base.chatCalls).padStart(6)})        | ` +
      `${row.embeddingsP50Ms.toFixed(1).padStart(6)} / ${row.embeddingsP99Ms.toFixed(1).padStart(6)} | ` +
      `${row.chatP50Ms.toFixed(1).padStart(6)} / ${row.chatP99Ms.toFixed(1).padStart(6)} | ${row.failures}`,
  );
}
const jsonAt = args.indexOf('--json');
if (jsonAt >= 0 && args[jsonAt + 1])
  writeFileSync(args[jsonAt + 1], JSON.stringify({ requests: REQUESTS, results }, null, 2));
process.exit(0);
