#!/usr/bin/env node
// Trains the learned phrasing scorer of the prompt-injection guardrail: logistic regression over the hashed
// features of phrasing-features.ts (imported from the gateway's build, so training and scoring read the same
// features), fitted with AdaGrad and L2, benign prompts weighted up so false alarms cost more than misses. Writes the
// quantised weights to apps/gateway/src/data-plane/guardrails/injection/phrasing-model.weights.ts.
//
//   bash scripts/train-injection-model.sh                        rebuild the training set and the gateway, train, write
//   node bench/guardrails/train-injection-model.mjs              train on every training set, write the model
//   node bench/guardrails/train-injection-model.mjs --validate   hold the handwritten sets out and report on them
//   (EPOCHS, LR, L2, BW (benign weight) and BAGS override the hyperparameters, for experiments with --validate)
//
// Hand-written rather than a library's: the features are sparse hashed buckets (2^18), and the JavaScript logistic
// regression packages take dense matrices (17,000 × 262,144 would not fit). A test set (injection-test*.jsonl) is
// read here only after its clean figure was taken; the newest ones never are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { seededRandom } from './seeded-random.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const require = createRequire(import.meta.url);
const injectionDist = join(root, 'apps/gateway/dist/data-plane/guardrails/injection');
const { visitPhrasingFeatures, hashPhrasingWords, FEATURE_COUNT } = require(
  join(injectionDist, 'phrasing-features.js'),
);
// The text the scorer reads is the one score-injection.ts gives it: normalised, quotations blanked.
const { normalizePromptText } = require(join(injectionDist, 'normalize-prompt-text.js'));
const { textForPhrasing } = require(join(injectionDist, 'quotations.js'));
const phrasingTextOf = (text) => textForPhrasing(normalizePromptText(text));

const validate = process.argv.includes('--validate');
const TRAINING = [
  'injection-train.jsonl',
  'injection-train-docs.jsonl',
  'injection-train-extra.jsonl',
  'injection-train-extra-2.jsonl',
  'injection.jsonl',
  // Test sets once measured: each was scored once, clean, before it was trained on (README.md has the figures).
  'injection-test-3.jsonl',
  'injection-test-4.jsonl',
  'injection-test-5.jsonl',
  'injection-test-6.jsonl',
  'injection-test-7.jsonl',
  'injection-test-8.jsonl',
  'injection-test-9.jsonl',
];
// The PII sets are prompts people write to a model (support requests, forms, letters): benign, as far as injection goes.
const BENIGN_TRAINING = ['pii.jsonl'];
const HELD_OUT = ['injection-handwritten.jsonl', 'injection-handwritten-2.jsonl'];
const EPOCHS = Number(process.env.EPOCHS ?? 20);
const LEARNING_RATE = Number(process.env.LR ?? 0.3);
const L2 = Number(process.env.L2 ?? 1e-6);
const BENIGN_WEIGHT = Number(process.env.BW ?? 3);
const BAGS = Number(process.env.BAGS ?? 8);

const read = (file) => {
  if (file === 'injection-train.jsonl' && !existsSync(join(here, file))) {
    throw new Error(
      'injection-train.jsonl is generated: run bash scripts/train-injection-model.sh (or build-injection-training-set.mjs)',
    );
  }
  return readFileSync(join(here, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
};

/** The example's buckets with their counts, as parallel arrays. */
function featuresOf(text) {
  const counts = new Map();
  visitPhrasingFeatures(phrasingTextOf(text), (_, bucket) =>
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1),
  );
  return {
    buckets: Uint32Array.from(counts.keys()),
    values: Float32Array.from(counts.values(), (count) => Math.min(count, 3)),
  };
}

/** One model fitted to a bootstrap sample of the examples (drawn with the seed). */
function trainOne(examples, seed) {
  const { random } = seededRandom(seed);
  const sample = examples.map(() => examples[Math.floor(random() * examples.length)]);
  return fit(sample, seed);
}

/**
 * Bagging: the average of models fitted to bootstrap samples. A linear model's average is a linear model, so it
 * costs nothing at scoring time, and it is steadier than any one fit on a few thousand examples.
 */
function train(examples) {
  const weights = new Float64Array(FEATURE_COUNT);
  let bias = 0;
  for (let seed = 1; seed <= BAGS; seed += 1) {
    const model = trainOne(examples, seed);
    for (let index = 0; index < FEATURE_COUNT; index += 1) weights[index] += model.weights[index] / BAGS;
    bias += model.bias / BAGS;
  }
  return { weights, bias };
}

function fit(examples, seed) {
  const weights = new Float64Array(FEATURE_COUNT);
  const squaredGradients = new Float64Array(FEATURE_COUNT).fill(1e-8);
  let bias = 0;
  let biasSquared = 1e-8;
  const { random } = seededRandom(seed * 7919);
  const order = examples.map((_, index) => index);
  for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
    for (let index = order.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other], order[index]];
    }
    for (const position of order) {
      const { buckets, values, label } = examples[position];
      let sum = bias;
      for (let index = 0; index < buckets.length; index += 1) sum += weights[buckets[index]] * values[index];
      const probability = 1 / (1 + Math.exp(-sum));
      const error = (probability - label) * (label === 1 ? 1 : BENIGN_WEIGHT);
      for (let index = 0; index < buckets.length; index += 1) {
        const bucket = buckets[index];
        const gradient = error * values[index] + L2 * weights[bucket];
        squaredGradients[bucket] += gradient * gradient;
        weights[bucket] -= (LEARNING_RATE * gradient) / Math.sqrt(squaredGradients[bucket]);
      }
      biasSquared += error * error;
      bias -= (LEARNING_RATE * error) / Math.sqrt(biasSquared);
    }
  }
  return { weights, bias };
}

/** Int8 weights with one scale: a 256 KB table that gzips to a small string. */
function quantise({ weights, bias }) {
  let largest = 0;
  for (const weight of weights) largest = Math.max(largest, Math.abs(weight));
  const scale = largest / 127;
  const int8 = new Int8Array(weights.length);
  for (let index = 0; index < weights.length; index += 1) int8[index] = Math.round(weights[index] / scale);
  return { bias, scale, int8 };
}

const toExamples = (records) =>
  records.map((record) => ({ ...featuresOf(record.text), label: record.label === 'attack' ? 1 : 0 }));

const trainingFiles = validate ? TRAINING : [...TRAINING, ...HELD_OUT];
const records = [
  ...trainingFiles.flatMap(read),
  ...BENIGN_TRAINING.flatMap(read).map((record) => ({ text: record.text, label: 'benign', source: 'user' })),
];
const model = quantise(train(toExamples(records)));
const attacks = records.filter((record) => record.label === 'attack').length;
console.log(
  `trained on ${records.length} prompts (${attacks} attacks) from ${[...trainingFiles, ...BENIGN_TRAINING].join(', ')}`,
);

if (validate) {
  // Scores the held-out sets with the scorer's own windowing, through the quantised weights.
  const weights = Float32Array.from(model.int8, (value) => value * model.scale);
  const { windowedLogit } = require(join(injectionDist, 'phrasing-scorer.js'));
  for (const file of HELD_OUT) {
    const scored = read(file).map((record) => ({
      attack: record.label === 'attack',
      probability:
        1 /
        (1 +
          Math.exp(-windowedLogit(hashPhrasingWords(phrasingTextOf(record.text)), weights, model.bias))),
      text: record.text,
    }));
    for (const threshold of [0.3, 0.5, 0.7, 0.9]) {
      const attacksFound = scored.filter((row) => row.attack && row.probability >= threshold).length;
      const falseAlarms = scored.filter((row) => !row.attack && row.probability >= threshold).length;
      const attackCount = scored.filter((row) => row.attack).length;
      console.log(
        `${file} @ ${threshold}: recall ${(attacksFound / attackCount).toFixed(3)}, false positive rate ${((falseAlarms / (scored.length - attackCount)) * 100).toFixed(1)}%`,
      );
    }
    if (process.env.EVAL_VERBOSE) {
      for (const row of scored) {
        if (row.attack !== row.probability >= 0.5)
          console.log(
            `  ${row.attack ? 'FN' : 'FP'} ${row.probability.toFixed(2)} ${row.text.slice(0, 120)}`,
          );
      }
    }
  }
}
if (!validate) {
  const out = join(root, 'apps/gateway/src/data-plane/guardrails/injection/phrasing-model.weights.ts');
  const encoded = gzipSync(Buffer.from(model.int8.buffer), { level: 9 }).toString('base64');
  writeFileSync(
    out,
    `// Generated by bench/guardrails/train-injection-model.mjs: do not edit. Trained on ${records.length} prompts (${attacks} attacks).\n` +
      `// Logistic regression weights over phrasing-features.ts's ${FEATURE_COUNT} buckets, int8 × scale, gzipped, base64.\n` +
      `export const PHRASING_MODEL = {\n  bias: ${model.bias.toFixed(6)},\n  scale: ${model.scale.toExponential(6)},\n  weights:\n    '${encoded}',\n};\n`,
  );
  console.log(`wrote ${out} (${Math.round(encoded.length / 1024)} KB of weights)`);
}
