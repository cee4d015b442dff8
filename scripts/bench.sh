#!/usr/bin/env bash
# Measures what the gateway adds over calling the upstream directly. Starts the bench's fake
# upstream (zero delay, so any latency is ours), a "bench" tenant whose routes point at it, and the
# gateway alone (test-profile database, Redis database 2), then runs bench/overhead.mjs, which
# interleaves the same load against both and reports deltas and ratios. Extra arguments go to
# overhead.mjs, e.g. `bash scripts/bench.sh --rounds 5 --scenarios chat@1,stream@64`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

UPSTREAM_PORT=19300
GATEWAY_PORT=19380
ensure_node_modules
bash "$ROOT/scripts/services.sh"
log "Building"
(cd "$ROOT" && npx nx run-many -t build -p @llmguard/gateway @llmguard/seed --outputStyle=static) >"$ROOT/.run/build-bench.log" 2>&1 ||
  { tail -n 40 "$ROOT/.run/build-bench.log"; die "build failed"; }

export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/llmguard_test
export REDIS_URL=redis://127.0.0.1:6379/2 REDIS_KEY_PREFIX=llmguard-bench: LOG_LEVEL=warn
secrets=$ROOT/.run/bench
node "$ROOT/tools/seed/dist/main.js" --secrets-dir "$secrets" --bench-upstream-url "http://127.0.0.1:$UPSTREAM_PORT"
key=$(cat "$secrets/bench-api-key")

mkdir -p "$secrets"
node "$ROOT/bench/fake-upstream.mjs" --port "$UPSTREAM_PORT" --quiet &
upstream_pid=$!
DATA_PLANE_PORT=$GATEWAY_PORT CONTROL_PLANE_PORT=0 node "$ROOT/apps/gateway/dist/main.js" >"$secrets/gateway.log" 2>&1 &
gateway_pid=$!
trap 'kill $gateway_pid $upstream_pid 2>/dev/null || true; redis-cli -n 2 FLUSHDB >/dev/null' EXIT
wait_for_port "$UPSTREAM_PORT" "fake upstream"
wait_for_port "$GATEWAY_PORT" gateway

cd "$ROOT/bench"
node overhead.mjs --direct "http://127.0.0.1:$UPSTREAM_PORT" \
  --gateway "http://127.0.0.1:$GATEWAY_PORT" --gateway-header "Authorization: Bearer $key" \
  --pid gateway=$gateway_pid --pid upstream=$upstream_pid \
  --rounds 3 --duration 5 --scenarios chat@1,chat@32,stream@1,stream@32,messages-stream@8 "$@"
