#!/usr/bin/env bash
# The caching benchmarks (bench/README.md, "Caching"), each against a baseline measured in the same run:
#   1. bench/semantic-quality.mjs  hit quality on the labelled pairs (bench/data/semantic-pairs.jsonl): precision and
#                                  hit rate per threshold, with and without the match check, offline embedder vs the
#                                  demo upstream's embeddings
#   2. bench/semantic-lookup.mjs   semantic-cache lookup latency p50/p99 at 100,000 and 1,000,000 entries (its own
#                                  database, llmguard_bench_semantic; the first run builds it, about half an hour on
#                                  two cores; later runs reuse it), against the same query without the index
#   3. bench/cache-savings.mjs     upstream calls saved by the answer and embedding caches and by batching under a
#                                  mixed workload, against no cache and no batching
#
#   bash scripts/bench-cache.sh [--only quality|lookup|savings] [--sizes 100000,1000000] [--requests 3000] …
# (also `bash scripts/bench.sh --cache …`). Other arguments go to the scripts that know them. Results (text and
# JSON) go to bench/bench-results/<time>-cache/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

only=""
lookup_args=()
savings_args=()
while (($#)); do
  case $1 in
    --only) only=${2:?--only needs quality, lookup or savings}; shift ;;
    --sizes | --queries | --exact-queries | --ef-search) lookup_args+=("$1" "${2:?$1 needs a value}"); shift ;;
    --fresh) lookup_args+=("$1") ;;
    --requests | --concurrency | --upstream-ms | --window-ms) savings_args+=("$1" "${2:?$1 needs a value}"); shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done

ensure_node_modules
bash "$ROOT/scripts/services.sh"
mkdir -p "$ROOT/.run"
log "Building the gateway and the demo upstream"
(cd "$ROOT" && npx nx run-many -t build -p @llmguard/gateway @llmguard/demo-upstream --outputStyle=static) \
  >"$ROOT/.run/build-bench-cache.log" 2>&1 || { tail -n 40 "$ROOT/.run/build-bench-cache.log"; die "build failed"; }

run_dir="$ROOT/bench/bench-results/$(date -u +%Y%m%dT%H%M%SZ)-cache"
mkdir -p "$run_dir"
cd "$ROOT"
if [[ -z $only || $only == quality ]]; then
  log "Semantic-cache hit quality"
  node bench/semantic-quality.mjs --json "$run_dir/quality.json" | tee "$run_dir/quality.txt"
fi
if [[ -z $only || $only == lookup ]]; then
  log "Semantic-cache lookup latency"
  node bench/semantic-lookup.mjs --json "$run_dir/lookup.json" "${lookup_args[@]}" | tee "$run_dir/lookup.txt"
fi
if [[ -z $only || $only == savings ]]; then
  log "Upstream calls saved (caches, batching)"
  node bench/cache-savings.mjs --json "$run_dir/savings.json" "${savings_args[@]}" | tee "$run_dir/savings.txt"
fi
log "Results in ${run_dir#"$ROOT"/}"
