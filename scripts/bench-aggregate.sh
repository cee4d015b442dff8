#!/usr/bin/env bash
# Usage aggregation benchmark of the billing worker (bench/aggregate.mjs): N synthetic usage events in a
# dedicated Redis stream, consumed by the built worker with USAGE_BATCH_SIZE 50, 200, 1000 and 5000;
# events/s into Postgres and CPU of the worker and of Postgres. Uses the test database (llmguard_test,
# as the application role) and Redis database 1 under its own key prefix, and deletes what it wrote.
#
#   bash scripts/bench-aggregate.sh                         100,000 events per batch size
#   bash scripts/bench-aggregate.sh --events 20000 --batch-sizes 1000
#   bash scripts/bench-aggregate.sh --compare-worker PATH   also runs another build's dist/main.js
#                                                           (e.g. a git worktree of the parent commit),
#                                                           interleaved, as worker "previous"
#   bash scripts/bench-aggregate.sh --profile-dir DIR       V8 CPU profiles of the worker runs
#                                                           (summarise: node bench/cpuprofile-top.mjs FILE)
#
# The table is printed on stdout; JSON and the run's machine facts go to bench/bench-results/<time>-aggregate/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_node_modules
bash "$ROOT/scripts/services.sh"
mkdir -p "$ROOT/.run"
log "Building the billing worker"
(cd "$ROOT" && npx nx run @llmguard/billing-worker:build --outputStyle=static) >"$ROOT/.run/build-bench-aggregate.log" 2>&1 ||
  { tail -n 40 "$ROOT/.run/build-bench-aggregate.log"; die "build failed"; }

run_dir="$ROOT/bench/bench-results/$(date -u +%Y%m%dT%H%M%SZ)-aggregate"
mkdir -p "$run_dir"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "node: $(node --version); cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$run_dir/run.txt" >&2

DATABASE_URL=postgresql://llmguard_app@127.0.0.1:5432/llmguard_test REDIS_URL=redis://127.0.0.1:6379/1 \
  node "$ROOT/bench/aggregate.mjs" --out "$run_dir/results.json" "$@" | tee "$run_dir/table.md"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$run_dir/run.txt" >&2
