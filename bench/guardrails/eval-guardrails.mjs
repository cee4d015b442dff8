#!/usr/bin/env node
// Scores LLMGuard's guardrails on the labelled sets beside this file and times them on a 4,000-token prompt.
// Run through `bash scripts/eval-guardrails.sh` (which builds the gateway first), or, once built:
//   node bench/guardrails/eval-guardrails.mjs [--rounds 2000]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '../../apps/gateway/dist/data-plane/guardrails');
const { findPii, detectorsFor, DETECTABLE_PII_TYPES } = require(join(dist, 'pii/detect-pii.js'));
const { scoreInjection } = require(join(dist, 'injection/score-injection.js'));
const { inspectPrompt } = require(join(dist, 'inspect-prompt.js'));
const { inputGuardrailsOf } = require(join(dist, 'guardrail-config.js'));
const { countTextTokens } = require('@llmguard/shared');
const INJECTION_THRESHOLD = 0.5;

const { values: options } = parseArgs({
  options: { rounds: { type: 'string', default: '2000' }, 'compare-dist': { type: 'string' } },
});

const readJsonl = (name) =>
  readFileSync(join(here, name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));

function f1Row(label, counts) {
  const precision = counts.tp + counts.fp === 0 ? 1 : counts.tp / (counts.tp + counts.fp);
  const recall = counts.tp + counts.fn === 0 ? 1 : counts.tp / (counts.tp + counts.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { label, ...counts, precision, recall, f1 };
}

function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log('type            |  tp |  fp |  fn | precision | recall |    F1');
  console.log('----------------|-----|-----|-----|-----------|--------|------');
  for (const row of rows) {
    const cells = [row.tp, row.fp, row.fn].map((value) => String(value).padStart(3)).join(' | ');
    console.log(
      `${row.label.padEnd(15)} | ${cells} | ${row.precision.toFixed(3).padStart(9)} | ${row.recall.toFixed(3).padStart(6)} | ${row.f1.toFixed(3)}`,
    );
  }
}

/** PII: a finding counts when its kind and its exact span match a labelled value. */
function evaluatePii(file, title) {
  const records = readJsonl(file);
  const detectors = detectorsFor(new Set(DETECTABLE_PII_TYPES));
  const counts = Object.fromEntries(DETECTABLE_PII_TYPES.map((type) => [type, { tp: 0, fp: 0, fn: 0 }]));
  const misses = [];
  for (const record of records) {
    const expected = new Set();
    for (const entity of record.entities) {
      for (
        let at = record.text.indexOf(entity.value);
        at >= 0;
        at = record.text.indexOf(entity.value, at + 1)
      )
        expected.add(`${entity.type}:${at}:${at + entity.value.length}`);
    }
    const found = new Set(findPii(record.text, detectors).map((f) => `${f.type}:${f.start}:${f.end}`));
    for (const key of found) {
      const type = key.split(':')[0];
      if (expected.has(key)) counts[type].tp += 1;
      else {
        counts[type].fp += 1;
        misses.push(`FP ${key} in ${JSON.stringify(record.text)}`);
      }
    }
    for (const key of expected) {
      if (found.has(key)) continue;
      counts[key.split(':')[0]].fn += 1;
      misses.push(`FN ${key} in ${JSON.stringify(record.text)}`);
    }
  }
  const rows = DETECTABLE_PII_TYPES.map((type) => f1Row(type, counts[type]));
  const total = Object.values(counts).reduce(
    (sum, row) => ({ tp: sum.tp + row.tp, fp: sum.fp + row.fp, fn: sum.fn + row.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  rows.push(f1Row('all (micro)', total));
  const negatives = records.filter((record) => record.entities.length === 0).length;
  printTable(`${title}: ${records.length} prompts (${negatives} hard negatives), exact spans`, rows);
  if (process.env.EVAL_VERBOSE) for (const miss of misses) console.log(miss);
  return rows.at(-1);
}

/** Prompt injection: recall on attacks and false positive rate on benign prompts, at the default threshold. */
function evaluateInjection(files, title) {
  const records = [files]
    .flat()
    .flatMap(readJsonl)
    .map((record) => ({
      ...record,
      score: scoreInjection(record.text, record.source).score,
    }));
  const attacks = records.filter((record) => record.label === 'attack');
  const benign = records.filter((record) => record.label === 'benign');
  const rate = (list) =>
    list.filter((record) => record.score >= INJECTION_THRESHOLD).length / Math.max(1, list.length);
  console.log(
    `\n${title}: ${attacks.length} attacks, ${benign.length} benign prompts, threshold ${INJECTION_THRESHOLD}`,
  );
  console.log('group                          |   n | flagged');
  console.log('-------------------------------|-----|--------');
  const groups = new Map();
  for (const record of records) {
    const key = `${record.label} ${record.source} ${record.technique}`;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  for (const [key, list] of [...groups].sort()) {
    console.log(
      `${key.padEnd(30)} | ${String(list.length).padStart(3)} | ${(rate(list) * 100).toFixed(1).padStart(5)}%`,
    );
  }
  const recall = rate(attacks);
  const falsePositiveRate = rate(benign);
  console.log(`recall ${recall.toFixed(3)}, false positive rate ${(falsePositiveRate * 100).toFixed(1)}%`);
  // The policy's threshold is the tenant's choice: other operating points of the same scores.
  const above = (list, threshold) =>
    list.filter((record) => record.score >= threshold).length / Math.max(1, list.length);
  const points = [0.6, 0.7, 0.8, 0.9, 0.95].map(
    (threshold) =>
      `${threshold}: ${above(attacks, threshold).toFixed(3)} / ${(above(benign, threshold) * 100).toFixed(1)}%`,
  );
  console.log(`other thresholds (recall / false positive rate): ${points.join(', ')}`);
  if (process.env.EVAL_VERBOSE) {
    for (const record of attacks)
      if (record.score < INJECTION_THRESHOLD)
        console.log(`FN ${record.score} ${JSON.stringify(record.text)}`);
    for (const record of benign)
      if (record.score >= INJECTION_THRESHOLD)
        console.log(`FP ${record.score} ${JSON.stringify(record.text)}`);
  }
  return { recall, falsePositiveRate };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** A chat request of about 4,000 tokens: prose, code and numbers, with some personal data in it. */
function fourThousandTokenPrompt() {
  const paragraph =
    'Our Q3 report covers 12 regions and 1,204 stores. Revenue rose 4.5% to $19.99M on 2024-01-15, see ticket ' +
    '#48213 and order 99812. The API (v2.3.1) returns JSON like {"id": 42, "ts": "10:30:45"}. Contact ' +
    'support@example.com or call (415) 555-2671 if the build at 10.0.0.12 fails. Card ending 4242 was charged. ' +
    'function add(a, b) { return a + b; } // std::vector<int> v = {1, 2, 3};\n';
  let text = '';
  while (countTextTokens(text) < 4000) text += paragraph;
  return text;
}

/**
 * Wall time and CPU time (user + system, process.cpuUsage) per call of `run`, and of a baseline (JSON.parse of the
 * request body, which every request pays anyway) in the same rounds. On a shared machine the wall-time tail is
 * mostly the scheduler; the CPU-time tail is what the guardrails themselves cost, garbage collection included.
 */
function timeIt(run, baseline, rounds) {
  const wall = [];
  const cpu = [];
  const base = [];
  for (let index = 0; index < 200; index += 1) (run(), baseline());
  for (let index = 0; index < rounds; index += 1) {
    const cpuStart = process.cpuUsage();
    let start = performance.now();
    run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    start = performance.now();
    baseline();
    base.push(performance.now() - start);
  }
  for (const list of [wall, cpu, base]) list.sort((a, b) => a - b);
  return {
    wallP50: percentile(wall, 50),
    wallP99: percentile(wall, 99),
    cpuP50: percentile(cpu, 50),
    cpuP99: percentile(cpu, 99),
    baseP50: percentile(base, 50),
  };
}

/**
 * Wall time per call of `run` alone, back to back: no baseline and no CPU sampling in between, so the tail holds the
 * garbage the guardrails make themselves, not the baseline's JSON.parse garbage collected during their calls.
 */
function timeAlone(run, rounds) {
  const wall = [];
  for (let index = 0; index < 200; index += 1) run();
  for (let index = 0; index < rounds; index += 1) {
    const start = performance.now();
    run();
    wall.push(performance.now() - start);
  }
  wall.sort((a, b) => a - b);
  return { wallP50: percentile(wall, 50), wallP99: percentile(wall, 99) };
}

function printLatency(label, result) {
  console.log(
    `${label}: wall p50 ${result.wallP50.toFixed(3)} ms, p99 ${result.wallP99.toFixed(3)} ms; ` +
      `CPU p50 ${result.cpuP50.toFixed(3)} ms, p99 ${result.cpuP99.toFixed(3)} ms ` +
      `(${(result.wallP50 / result.baseP50).toFixed(0)}x a JSON.parse of the body, ${result.baseP50.toFixed(3)} ms)`,
  );
}

// Every input guardrail on: every PII kind redacted (the costliest action: the body is copied and rewritten), and
// prompt-injection scoring.
const EVERY_INPUT_GUARDRAIL = { pii: { inputAction: 'redact' }, promptInjection: { action: 'flag' } };

function evaluateLatency(rounds) {
  const prompt = fourThousandTokenPrompt();
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] };
  const bodyText = JSON.stringify(body);
  const everything = inputGuardrailsOf(EVERY_INPUT_GUARDRAIL);
  const all = timeIt(
    () => inspectPrompt('chat/completions', body, everything),
    () => JSON.parse(bodyText),
    rounds,
  );
  const detectors = detectorsFor(new Set(DETECTABLE_PII_TYPES));
  const piiOnly = timeIt(
    () => findPii(prompt, detectors),
    () => JSON.parse(bodyText),
    rounds,
  );
  const injectionOnly = timeIt(
    () => scoreInjection(prompt, 'user'),
    () => JSON.parse(bodyText),
    rounds,
  );
  console.log(
    `\nLatency on a ${countTextTokens(prompt)}-token prompt (${prompt.length} chars), ${rounds} runs`,
  );
  console.log(
    `load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  printLatency('all input guardrails (inspectPrompt)', all);
  printLatency('  PII detection alone', piiOnly);
  printLatency('  injection scoring alone', injectionOnly);
  const alone = timeAlone(() => inspectPrompt('chat/completions', body, everything), rounds);
  console.log(
    `all input guardrails, back to back (no baseline in between): wall p50 ${alone.wallP50.toFixed(3)} ms, ` +
      `p99 ${alone.wallP99.toFixed(3)} ms`,
  );
  return { ...all, aloneWallP99: alone.wallP99 };
}

/**
 * The input guardrails of this build against another build's (`--compare-dist`, the `dist` of another commit placed
 * inside the repository so its dependencies resolve), interleaved in the same rounds, order alternating: on a shared
 * machine only a ratio measured in one run means anything.
 */
function compareBuilds(otherDist, rounds) {
  const guardrails = (dist) => join(resolve(dist), 'data-plane/guardrails');
  const other = {
    inspect: require(join(guardrails(otherDist), 'inspect-prompt.js')).inspectPrompt,
    config: require(join(guardrails(otherDist), 'guardrail-config.js')).inputGuardrailsOf(
      EVERY_INPUT_GUARDRAIL,
    ),
    score: require(join(guardrails(otherDist), 'injection/score-injection.js')).scoreInjection,
  };
  const current = {
    inspect: inspectPrompt,
    config: inputGuardrailsOf(EVERY_INPUT_GUARDRAIL),
    score: scoreInjection,
  };
  const prompt = fourThousandTokenPrompt();
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] };
  const times = new Map([current, other].map((build) => [build, { all: [], injection: [] }]));
  const once = (build) => {
    let start = performance.now();
    build.inspect('chat/completions', body, build.config);
    times.get(build).all.push(performance.now() - start);
    start = performance.now();
    build.score(prompt, 'user');
    times.get(build).injection.push(performance.now() - start);
  };
  for (let index = 0; index < 200; index += 1) (once(current), once(other));
  for (const list of times.values()) ((list.all.length = 0), (list.injection.length = 0));
  for (let index = 0; index < rounds; index += 1) {
    const order = index % 2 === 0 ? [current, other] : [other, current];
    for (const build of order) once(build);
  }
  console.log(`\nThis build against ${otherDist}, interleaved, ${rounds} rounds`);
  for (const part of ['all', 'injection']) {
    const [mine, theirs] = [current, other].map((build) => times.get(build)[part].sort((a, b) => a - b));
    const [p50, p99] = [50, 99].map((p) => [percentile(mine, p), percentile(theirs, p)]);
    console.log(
      `${part === 'all' ? 'all input guardrails' : 'injection scoring alone'}: p50 ${p50[0].toFixed(3)} vs ` +
        `${p50[1].toFixed(3)} ms (${(p50[0] / p50[1]).toFixed(2)}x), p99 ${p99[0].toFixed(3)} vs ` +
        `${p99[1].toFixed(3)} ms (${(p99[0] / p99[1]).toFixed(2)}x)`,
    );
  }
}

const pii = evaluatePii('pii.jsonl', 'PII, development set (pii.jsonl)');
const piiHandwritten = evaluatePii('pii-handwritten.jsonl', 'PII, handwritten set (pii-handwritten.jsonl)');
// The injection sets, with what each is to the heuristics (see README.md: which figures are clean). The target is
// judged on the development set and on the newest blind sets pooled, the only ones nothing was fitted to.
const EARLIER_TEST_SETS = [3, 4, 5, 6, 7, 8, 9].map((n) => `injection-test-${n}.jsonl`);
const CLEAN_TEST_SETS = ['injection-test-10.jsonl', 'injection-test-11.jsonl'];
const INJECTION_SETS = [
  ['injection.jsonl', 'development set', 'rules developed and scorer trained on it', true],
  ['injection-handwritten.jsonl', 'handwritten set', 'rules extended and scorer trained on it'],
  ['injection-handwritten-2.jsonl', 'second handwritten set', 'rules extended and scorer trained on it'],
  ['injection-test.jsonl', 'first test set', "partly leaked into the scorer's training grammar"],
  ['injection-test-2.jsonl', 'second test set', "leaked into the scorer's training grammar"],
  [
    EARLIER_TEST_SETS,
    'test sets 3-9',
    'each scored once clean, then used to extend the rules and trained on',
  ],
  ['injection-test-10.jsonl', 'test set 10', 'written blind by a separate agent; scored once, clean'],
  ['injection-test-11.jsonl', 'test set 11', 'written blind by another agent; scored once, clean'],
  [CLEAN_TEST_SETS, 'clean test sets 10 and 11', 'the clean figure: nothing was fitted to them', true],
];
const injectionResults = INJECTION_SETS.map(([files, name, note, target]) => ({
  name,
  target,
  ...evaluateInjection(files, `Prompt injection heuristics, ${name} (${[files].flat().join(', ')}; ${note})`),
}));
const latency = evaluateLatency(Number(options.rounds));
if (options['compare-dist']) compareBuilds(options['compare-dist'], Number(options.rounds));
const verdicts = [
  [`PII F1 ${pii.f1.toFixed(3)} >= 0.95 (development set)`, pii.f1 >= 0.95],
  [`PII F1 ${piiHandwritten.f1.toFixed(3)} >= 0.95 (handwritten set)`, piiHandwritten.f1 >= 0.95],
  ...injectionResults
    .filter(({ target }) => target)
    .flatMap(({ name, recall, falsePositiveRate }) => [
      [`injection recall ${recall.toFixed(3)} >= 0.9 (${name})`, recall >= 0.9],
      [
        `injection false positive rate ${(falsePositiveRate * 100).toFixed(1)}% <= 2% (${name})`,
        falsePositiveRate <= 0.02,
      ],
    ]),
  [`input guardrails CPU p99 ${latency.cpuP99.toFixed(3)} ms < 2 ms`, latency.cpuP99 < 2],
  [
    `input guardrails wall p99 ${latency.wallP99.toFixed(3)} ms < 2 ms (interleaved with the baseline)`,
    latency.wallP99 < 2,
  ],
  [
    `input guardrails wall p99 ${latency.aloneWallP99.toFixed(3)} ms < 2 ms (back to back)`,
    latency.aloneWallP99 < 2,
  ],
];
console.log('\nTargets');
for (const [label, met] of verdicts) console.log(`  ${met ? 'met ' : 'MISSED'}  ${label}`);
