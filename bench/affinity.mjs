#!/usr/bin/env node
// Prefix affinity against round robin (and least busy), through the gateway, in one run: demo-upstream replicas that
// simulate a prefix (KV) cache each (`--prefix-cache`), one route per strategy over the same replicas, and one
// workload of shared system prompts (tenants' or apps' prompts of ~1–3k tokens, each request with its own question).
// Each round runs the same request sequence against each strategy in turn (order reversed every other round), after
// emptying every replica's cache. Per strategy: mean and p95 time to first token as the client sees it, the
// replicas' prefix-cache hit rate, and how the requests spread over the replicas. Run through
// `bash scripts/bench.sh --affinity`, or by hand:
//   node bench/affinity.mjs --gateway http://127.0.0.1:19380 --header "Authorization: Bearer …" \
//     --replicas http://127.0.0.1:19310,… --route round_robin=affinity-rr --route prefix_affinity=affinity-prefix
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Pool, request } from 'undici';

const { values } = parseArgs({
  options: {
    gateway: { type: 'string' },
    header: { type: 'string', multiple: true, default: [] },
    replicas: { type: 'string' },
    route: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '2' },
    requests: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '16' },
    prompts: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});
if (!values.gateway || !values.replicas || values.route.length === 0) {
  process.stderr.write(
    'usage: affinity.mjs --gateway URL --replicas URL,URL --route strategy=alias [--route …]\n',
  );
  process.exit(2);
}
const replicas = values.replicas.split(',');
const routes = values.route.map((entry) => {
  const [strategy, alias] = entry.split('=');
  return { strategy, alias };
});
const headers = Object.fromEntries(
  values.header.map((line) => [
    line.slice(0, line.indexOf(':')).trim().toLowerCase(),
    line.slice(line.indexOf(':') + 1).trim(),
  ]),
);
const ROUNDS = Number(values.rounds);
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const PROMPTS = Number(values.prompts);

/** mulberry32: the workload repeats exactly for a seed. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Common English words are one o200k token each (with their leading space), so N words ≈ N tokens.
const WORDS = (
  'the of and to in is that for it as with was on be by this are or from at which but not have an they you one all ' +
  'were her she there would their we him been has when who will more no if out so said what up its about into than ' +
  'them can only other new some could time these two may then do first any my now such like our over man me even ' +
  'most made after also did many before must through back years where much your way well down should because each ' +
  'just those people how too little state good very make world still own see men work long get here between both ' +
  'life being under never day same another know while last might us great old year off come since against go came ' +
  'right used take three'
).split(' ');

/** System prompt `index`: a header naming it, then 1,000 to 3,000 words. */
function systemPrompt(index, random) {
  const words = 1_000 + Math.floor(random() * 2_000);
  const body = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  return `You are the assistant of application ${index}. Follow these instructions. ${body}`;
}

const workloadRandom = seeded(Number(values.seed));
const SYSTEM_PROMPTS = Array.from({ length: PROMPTS }, (_, index) => systemPrompt(index, workloadRandom));

/** The request sequence of one round: which prompt, which question; the same for every strategy of the round. */
function sequence(round) {
  const random = seeded(Number(values.seed) * 1_000 + round);
  return Array.from({ length: REQUESTS }, (_, index) => ({
    prompt: Math.floor(random() * PROMPTS),
    question: `Question ${round}-${index}: ${WORDS[Math.floor(random() * WORDS.length)]} ${WORDS[Math.floor(random() * WORDS.length)]}?`,
  }));
}

const FIRST_TOKEN = /"content":"[^"]/;

async function streamOnce(pool, alias, item) {
  const body = JSON.stringify({
    model: alias,
    stream: true,
    max_tokens: 16,
    messages: [
      { role: 'system', content: SYSTEM_PROMPTS[item.prompt] },
      { role: 'user', content: item.question },
    ],
  });
  const started = performance.now();
  const response = await pool.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  let firstTokenMs = -1;
  let tail = '';
  for await (const chunk of response.body) {
    if (firstTokenMs >= 0) continue;
    const text = tail + chunk.toString('utf8');
    if (FIRST_TOKEN.test(text)) firstTokenMs = performance.now() - started;
    tail = text.slice(-32);
  }
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
  return firstTokenMs;
}

async function replicaStats() {
  return Promise.all(
    replicas.map(async (url) => {
      const { body } = await request(`${url}/demo/stats`);
      return body.json();
    }),
  );
}

async function resetReplicas() {
  await Promise.all(
    replicas.map(async (url) => {
      const { body } = await request(`${url}/demo/reset`, { method: 'POST' });
      await body.dump();
    }),
  );
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function runCell(route, items) {
  await resetReplicas();
  const pool = new Pool(values.gateway, { connections: CONCURRENCY, pipelining: 1 });
  const ttfts = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++];
        try {
          const ttft = await streamOnce(pool, route.alias, item);
          if (ttft >= 0) ttfts.push(ttft);
          else errors += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const stats = await replicaStats();
  const perReplica = stats.map((s) => s.prefixCache.requests);
  const promptTokens = stats.reduce((sum, s) => sum + s.prefixCache.promptTokens, 0);
  const cachedTokens = stats.reduce((sum, s) => sum + s.prefixCache.cachedTokens, 0);
  const hits = stats.reduce((sum, s) => sum + s.prefixCache.hits, 0);
  const lookups = stats.reduce((sum, s) => sum + s.prefixCache.requests, 0);
  ttfts.sort((a, b) => a - b);
  return {
    strategy: route.strategy,
    requests: items.length,
    errors,
    rps: items.length / seconds,
    ttftMeanMs: ttfts.reduce((sum, value) => sum + value, 0) / ttfts.length,
    ttftP50Ms: percentile(ttfts, 0.5),
    ttftP95Ms: percentile(ttfts, 0.95),
    tokenHitRate: cachedTokens / promptTokens,
    requestHitRate: hits / lookups,
    perReplica,
  };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const cells = [];
for (let round = 1; round <= ROUNDS; round += 1) {
  const items = sequence(round);
  const order = round % 2 === 1 ? routes : [...routes].reverse();
  for (const route of order) {
    const cell = { round, ...(await runCell(route, items)) };
    cells.push(cell);
    process.stderr.write(
      `round ${round} ${cell.strategy}: ttft mean ${cell.ttftMeanMs.toFixed(1)} ms p95 ${cell.ttftP95Ms.toFixed(1)} ms, ` +
        `token hit rate ${(cell.tokenHitRate * 100).toFixed(1)}%, per replica ${cell.perReplica.join('/')}, errors ${cell.errors}\n`,
    );
  }
}

const baseline = routes[0].strategy;
const lines = [
  `${PROMPTS} system prompts, ${REQUESTS} streamed requests per cell at concurrency ${CONCURRENCY}, ${replicas.length} replicas, ${ROUNDS} rounds; median over rounds [min..max]; ratios against ${baseline} in the same round`,
  '',
  '| strategy | ttft mean ms | ttft p95 ms | mean ÷ baseline | p95 ÷ baseline | token hit rate | request hit rate | requests per replica (round 1) | max ÷ mean load | errors |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
const spread = (numbers, digits = 1) =>
  `${median(numbers).toFixed(digits)} [${Math.min(...numbers).toFixed(digits)}..${Math.max(...numbers).toFixed(digits)}]`;
const summary = [];
for (const route of routes) {
  const own = cells.filter((cell) => cell.strategy === route.strategy);
  const base = (round) => cells.find((cell) => cell.round === round && cell.strategy === baseline);
  const meanRatio = own.map((cell) => cell.ttftMeanMs / base(cell.round).ttftMeanMs);
  const p95Ratio = own.map((cell) => cell.ttftP95Ms / base(cell.round).ttftP95Ms);
  const imbalance = own.map(
    (cell) => Math.max(...cell.perReplica) / (cell.requests / cell.perReplica.length),
  );
  summary.push({ strategy: route.strategy, meanRatio, p95Ratio, imbalance });
  lines.push(
    `| ${route.strategy} | ${spread(own.map((c) => c.ttftMeanMs))} | ${spread(own.map((c) => c.ttftP95Ms))} | ` +
      `${spread(meanRatio, 2)} | ${spread(p95Ratio, 2)} | ${spread(own.map((c) => c.tokenHitRate * 100))}% | ` +
      `${spread(own.map((c) => c.requestHitRate * 100))}% | ${own[0].perReplica.join(' / ')} | ${spread(imbalance, 2)} | ` +
      `${own.reduce((sum, c) => sum + c.errors, 0)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
if (values.out) writeFileSync(values.out, JSON.stringify({ cells, summary }, null, 2));
