#!/usr/bin/env bash
# Scores the guardrails on the labelled sets in bench/guardrails (precision, recall and F1 per PII kind, prompt
# injection recall at its false positive rate) and times every input guardrail on a 4,000-token prompt.
#
#   bash scripts/eval-guardrails.sh                  build the gateway, then evaluate
#   bash scripts/eval-guardrails.sh --rounds 5000    more timing runs (default 2000)
#   EVAL_VERBOSE=1 bash scripts/eval-guardrails.sh   also print every miss and false alarm
#   bash scripts/eval-guardrails.sh --compare-dist apps/gateway/dist-<rev>
#                                                    also time another build (a commit's dist copied there), interleaved
set -euo pipefail
cd "$(dirname "$0")/.."
npx nx run @llmguard/gateway:build --outputStyle=static >/dev/null
node bench/guardrails/eval-guardrails.mjs "$@"
