#!/usr/bin/env node
// What ordering a route's deployments costs per request, in time and in bytes allocated, for each strategy, against
// the code it replaced (priority groups + weighted random order, then a health filter: `orderCandidates(...).filter`)
// measured in the same run. The case that matters most is a route of one deployment (most routes): it must allocate
// nothing. Also measured: the in-flight bookkeeping every attempt now does (DeploymentLoad.begin + end). Needs the
// built gateway (`npx nx run @llmguard/gateway:build`); run with `node --expose-gc bench/routing-cost.mjs`
// (`bash scripts/bench.sh --affinity` runs it first).
import { createRequire } from 'node:module';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { CandidateOrder } = require('../apps/gateway/dist/data-plane/routing/strategies/candidate-order.js');
const { DeploymentLoad } = require('../apps/gateway/dist/data-plane/routing/strategies/deployment-load.js');
const { createRequestContext } = require('../apps/gateway/dist/data-plane/pipeline/request-context.js');
const { resolveRouteConfig, routeStrategySchema } = require('@llmguard/shared');

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('run with node --expose-gc\n');
  process.exit(2);
}

const OPS = 20_000;
const ROUNDS = 5;

function deployment(index) {
  return {
    id: `dep_bench${index}`,
    routeId: 'rte_bench',
    name: `replica-${index}`,
    provider: 'openai',
    baseUrl: 'http://127.0.0.1:1/v1',
    upstreamModel: 'm',
    weight: 1,
    priority: 0,
    tags: [],
    prices: {
      inputMicrosPerMillion: 150_000 * (index + 1),
      outputMicrosPerMillion: 600_000,
      cachedInputMicrosPerMillion: 0,
    },
    credential: null,
    apiVersion: null,
    timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
    maxConcurrentRequests: null,
  };
}

const health = { isAvailable: () => true };
const load = new DeploymentLoad();
const ordering = new CandidateOrder(health, load);
const SYSTEM = 'You are the assistant of application 7. Follow these instructions. '.repeat(40);
const request = {
  endUser: null,
  stream: true,
  body: {
    model: 'm',
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: 'Where is my order?' },
    ],
  },
};

/** The code this replaced (route.stage.ts before): weighted order by priority group, then filtered by health. */
function previousOrder(deployments) {
  const ordered = deployments.length <= 1 ? deployments.slice() : weightedByGroups(deployments);
  return ordered.filter((deployment) => health.isAvailable(deployment.id));
}
function weightedByGroups(deployments) {
  const group = deployments.slice();
  const into = [];
  let total = group.reduce((sum, d) => sum + Math.max(0, d.weight), 0);
  while (group.length > 0 && total > 0) {
    let ticket = Math.random() * total;
    let index = group.findIndex((d) => (ticket -= Math.max(0, d.weight)) < 0);
    if (index < 0) index = group.findLastIndex((d) => d.weight > 0);
    const [picked] = group.splice(index, 1);
    total -= Math.max(0, picked.weight);
    into.push(picked);
  }
  into.push(...group);
  return into;
}

let collections = 0;
// Collections the loop caused (the forced ones between rounds do not count).
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!(entry.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED)) collections += 1;
  }
}).observe({ entryTypes: ['gc'] });

/** ns per call and bytes allocated per call (heap growth over OPS calls between two forced GCs, no GC between). */
async function measure(run) {
  for (let index = 0; index < OPS; index += 1) run(); // warm-up: optimised code, no allocation of first calls
  const nanos = [];
  const bytes = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
    collections = 0;
    const before = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    for (let index = 0; index < OPS; index += 1) run();
    const elapsed = Number(process.hrtime.bigint() - started);
    const grown = process.memoryUsage().heapUsed - before;
    await new Promise((resolve) => setImmediate(resolve));
    nanos.push(elapsed / OPS);
    // A collection during the loop would hide allocations: such a round does not count for bytes.
    if (collections === 0) bytes.push(Math.max(0, grown) / OPS);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { nsPerCall: median(nanos), bytesPerCall: bytes.length ? median(bytes) : NaN };
}

function route(strategy, count) {
  const deployments = Array.from({ length: count }, (_, index) => deployment(index));
  return { id: `rte_bench_${strategy}`, alias: 'm', strategy, config: resolveRouteConfig({}), deployments };
}

const rows = [];
const single = route('weighted', 1);
rows.push([
  '1 deployment',
  'before: orderCandidates + filter',
  await measure(() => previousOrder(single.deployments)),
]);
rows.push([
  '1 deployment',
  'weighted (now)',
  await measure(() => ordering.order(single, single.deployments, request)),
]);
const four = route('weighted', 4);
rows.push([
  '4 deployments',
  'before: orderCandidates + filter',
  await measure(() => previousOrder(four.deployments)),
]);
for (const strategy of routeStrategySchema.options) {
  const target = route(strategy, 4);
  rows.push([
    '4 deployments',
    strategy,
    await measure(() => ordering.order(target, target.deployments, request)),
  ]);
}
const sticky = { ...request, endUser: 'user-42' };
rows.push([
  '4 deployments',
  'weighted, sticky end user',
  await measure(() => ordering.order(four, four.deployments, sticky)),
]);
const context = createRequestContext({
  requestId: 'req',
  wire: 'openai',
  endpoint: 'chat/completions',
  headers: {},
  body: {},
});
context.deployment = single.deployments[0];
rows.push([
  'every attempt',
  'DeploymentLoad.begin + end',
  await measure(() => (load.begin(context), load.end(context))),
]);

const baseline = { '1 deployment': rows[0][2], '4 deployments': rows[2][2] };
const lines = [
  `${OPS} calls × ${ROUNDS} rounds, median; node ${process.version}`,
  '',
  '| route | code | ns per call | ÷ before | bytes allocated per call |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(([kind, name, result]) => {
    const before = baseline[kind];
    const ratio = before ? (result.nsPerCall / before.nsPerCall).toFixed(2) : '–';
    return `| ${kind} | ${name} | ${result.nsPerCall.toFixed(0)} | ${ratio} | ${result.bytesPerCall.toFixed(0)} |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n`);
