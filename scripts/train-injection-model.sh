#!/usr/bin/env bash
# Retrains the learned phrasing scorer of the prompt-injection guardrail: regenerates the training set, builds the
# gateway (the trainer reads its feature code), trains, writes phrasing-model.weights.ts, rebuilds, and evaluates.
# Training is seeded: the same sets give the same weights. See bench/guardrails/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
node bench/guardrails/build-injection-training-set.mjs > bench/guardrails/injection-train.jsonl
npx nx run @llmguard/gateway:build --outputStyle=static >/dev/null
node bench/guardrails/train-injection-model.mjs
npx prettier --write apps/gateway/src/data-plane/guardrails/injection/phrasing-model.weights.ts >/dev/null
bash scripts/eval-guardrails.sh "$@"
