#!/usr/bin/env node
// Hit quality of the semantic cache on the labelled prompt pairs in bench/data/semantic-pairs.jsonl: paraphrases that
// should be served the same answer ("hit") and near-misses that must not be (negations, other numbers, opposite
// actions, other entities or attributes, swapped roles: "miss"). It replays what the gateway does: every pair's
// first prompt is stored (once), every second prompt is looked up among all stored ones (the 3 nearest by cosine,
// the first above the threshold that passes the match check wins), for each embedder and threshold, with and
// without the match check (prompt-signature.ts). A hit on the pair's own first prompt of a "hit" pair is correct;
// every other hit serves a wrong answer.
//   precision = correct hits / hits            hit rate = correct hits / "hit" queries
// Embedders: the gateway's built-in offline embedder, and the demo upstream's /v1/embeddings (a hash-seeded random
// vector per text: the same text always gives the same vector, any other text a near-orthogonal one; NOT a language
// model, so it stands for "an embedding deployment" only as far as the plumbing goes). Needs the built gateway and
// demo upstream (`npx nx run-many -t build -p @llmguard/gateway @llmguard/demo-upstream`).
//   node bench/semantic-quality.mjs [--json results.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const {
  embedOffline,
  cosineSimilarity,
} = require('../apps/gateway/dist/data-plane/cache/semantic/offline-embedder.js');
const {
  signatureOf,
  mismatchOf,
} = require('../apps/gateway/dist/data-plane/cache/semantic/prompt-signature.js');
const { embeddingVector } = require('@llmguard/demo-upstream');

const THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
/** The policy default (cache-settings.ts CACHE_DEFAULTS.similarityThreshold). */
const DEFAULT_THRESHOLD = 0.85;
const CANDIDATES = 3;

const pairs = readFileSync(new URL('./data/semantic-pairs.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

const embedders = {
  offline: (text) => embedOffline(text),
  'demo-upstream': (text) => embeddingVector(text, 256),
};

function evaluate(embed) {
  const stored = [...new Set(pairs.map((pair) => pair.a))].map((text) => ({
    text,
    vector: embed(text),
    signature: signatureOf(text),
  }));
  const queries = pairs.map((pair) => {
    const vector = embed(pair.b);
    const signature = signatureOf(pair.b);
    const nearest = stored
      .map((entry) => ({ entry, similarity: cosineSimilarity(vector, entry.vector) }))
      .sort((x, y) => y.similarity - x.similarity)
      .slice(0, CANDIDATES);
    return { pair, signature, nearest, pairSimilarity: cosineSimilarity(vector, embed(pair.a)) };
  });
  const rows = [];
  for (const verify of [false, true]) {
    for (const threshold of THRESHOLDS)
      rows.push({ verify, threshold, ...score(queries, threshold, verify) });
  }
  return { rows, similarity: similarityByLabel(queries) };
}

function lookup(query, threshold, verify) {
  for (const { entry, similarity } of query.nearest) {
    if (similarity < threshold) return undefined;
    if (verify && mismatchOf(query.signature, entry.signature)) continue;
    return entry;
  }
  return undefined;
}

function score(queries, threshold, verify) {
  let hits = 0;
  let correct = 0;
  const wrongByKind = {};
  for (const query of queries) {
    const entry = lookup(query, threshold, verify);
    if (!entry) continue;
    hits += 1;
    if (query.pair.label === 'hit' && entry.text === query.pair.a) correct += 1;
    else wrongByKind[query.pair.kind] = (wrongByKind[query.pair.kind] ?? 0) + 1;
  }
  const shouldHit = queries.filter((query) => query.pair.label === 'hit').length;
  return {
    hits,
    correct,
    wrong: hits - correct,
    precision: hits === 0 ? null : correct / hits,
    hitRate: correct / shouldHit,
    wrongByKind,
  };
}

/** Mean cosine similarity of each pair's two prompts, by label: how far apart the embedder puts them. */
function similarityByLabel(queries) {
  const out = {};
  for (const label of ['hit', 'miss']) {
    const values = queries.filter((query) => query.pair.label === label).map((query) => query.pairSimilarity);
    out[label] = values.reduce((sum, value) => sum + value, 0) / values.length;
  }
  return out;
}

const percent = (value) => (value === null ? '   -  ' : `${(value * 100).toFixed(1).padStart(5)}%`);
const results = {};
console.log(
  `${pairs.length} labelled pairs: ${pairs.filter((pair) => pair.label === 'hit').length} should hit, ` +
    `${pairs.filter((pair) => pair.label === 'miss').length} must not`,
);
for (const [name, embed] of Object.entries(embedders)) {
  const { rows, similarity } = evaluate(embed);
  results[name] = { rows, similarity };
  console.log(
    `\n${name}: mean pair similarity, should-hit ${similarity.hit.toFixed(3)}, must-not ${similarity.miss.toFixed(3)}`,
  );
  console.log('threshold | precision  hit rate  wrong   | with match check: precision  hit rate  wrong');
  for (const threshold of THRESHOLDS) {
    const plain = rows.find((row) => !row.verify && row.threshold === threshold);
    const checked = rows.find((row) => row.verify && row.threshold === threshold);
    const mark = threshold === DEFAULT_THRESHOLD ? ' (default)' : '';
    console.log(
      `   ${threshold.toFixed(2)}   |  ${percent(plain.precision)}    ${percent(plain.hitRate)}  ${String(plain.wrong).padStart(4)}    |` +
        `                   ${percent(checked.precision)}    ${percent(checked.hitRate)}  ${String(checked.wrong).padStart(4)}${mark}`,
    );
  }
  const atDefault = rows.filter((row) => row.threshold === DEFAULT_THRESHOLD);
  for (const row of atDefault) {
    console.log(
      `  at ${DEFAULT_THRESHOLD}${row.verify ? ' with the check' : ', no check'}: wrong answers by kind ${JSON.stringify(row.wrongByKind)}`,
    );
  }
}

const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ pairs: pairs.length, results }, null, 2));
}
