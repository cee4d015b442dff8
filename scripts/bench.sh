#!/usr/bin/env bash
# Measures what the gateway adds, against two baselines run side by side in the same run: the
# bench's fake upstream called directly (zero delay, so any latency is ours), and a bare Node
# passthrough proxy in front of it (bench/bare-proxy.mjs: node:http + an undici Pool, "the Node
# floor"). Starts the fake upstream, the bare proxy, a "bench" tenant whose routes point at the
# upstream, and the gateway alone (test-profile database, Redis database 2), then runs the bench.
#
#   bash scripts/bench.sh                  latency pass (direct vs bare vs gateway, interleaved
#                                          rounds) + saturation pass (max req/s at c=64, bare vs
#                                          gateway vs direct; wrk when available)
#   bash scripts/bench.sh --latency        the latency pass only
#   bash scripts/bench.sh --saturate       the saturation pass only (--sat-concurrency 64,128)
#   bash scripts/bench.sh --slow-streams   1,000 concurrent slow streams through the gateway (and,
#                                          for reference, through the bare proxy): peak RSS, RSS
#                                          after the streams end, errors. The bench route is spread
#                                          over --origins N fake upstreams (default 4; --origins 1
#                                          sends every stream to one upstream origin)
#   bash scripts/bench.sh --profile        CPU profile of the gateway (V8 inspector) during 10 s of
#                                          chat@32 and of stream@32; prints its top functions
#                                          (--profile-scenarios chat@1,stream@1 to choose others)
#
#   bash scripts/bench.sh --limits         traffic control: admission decisions per second against one local Redis
#                                          (the gateway's Lua limiter vs rate-limiter-flexible, bench/limiter.mjs),
#                                          then the latency a key with limits adds (unlimited vs limited bench key,
#                                          same gateway, interleaved rounds)
#
#   bash scripts/bench.sh --affinity       prefix affinity vs round robin (and least busy): 4 demo-upstream replicas
#                                          with a simulated prefix cache each, one bench route per strategy over them,
#                                          16 shared system prompts of ~1-3k tokens, streamed (bench/affinity.mjs):
#                                          mean and p95 TTFT, prefix-cache hit rate and load spread per strategy,
#                                          interleaved rounds (--rounds N --requests N --concurrency N go through)
#
#   bash scripts/bench.sh --cache          the caching benchmarks (scripts/bench-cache.sh: semantic hit quality, semantic
#                                          lookup latency at 100k and 1M entries, upstream calls saved by the caches and
#                                          batching); its arguments follow --cache
#
#   --compare-gateway PATH                 also runs PATH (another checkout's built apps/gateway/dist/main.js,
#                                          e.g. a git worktree of an earlier commit) as target "previous",
#                                          so a change is measured against its parent in the same run
#
# Other arguments go to bench/overhead.mjs (latency/saturation), e.g. `--rounds 5 --duration 3
# --scenarios chat@1,stream@1`, or to bench/slow-streams.mjs with --slow-streams, e.g.
# `--streams 500 --waves 1`. Results (JSON, logs, profiles) go to bench/bench-results/<time>-<mode>/,
# which git ignores. Everything started here is stopped on exit, Ctrl-C and TERM included.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

UPSTREAM_PORT=19300
AFFINITY_REPLICA_PORT=19310 # --affinity: demo-upstream replicas on 19310..19313
AFFINITY_REPLICAS=4
GATEWAY_PORT=19380
BARE_PORT=19390
COMPARE_PORT=19381
GATEWAY_INSPECT_PORT=19329 # --slow-streams (forced GC before memory samples) and --profile only
BARE_INSPECT_PORT=19339

mode=full
sat_concurrency=64
profile_scenarios=chat@32,stream@32
compare_gateway=""
origins=4 # --slow-streams: fake upstreams the gateway's gpt-4o-mini route is spread over
args=()
# The caching benchmarks start what they need themselves.
if [[ ${1:-} == --cache ]]; then
  shift
  exec bash "$(dirname "$0")/bench-cache.sh" "$@"
fi
while (($#)); do
  case $1 in
    --saturate) mode=saturate ;;
    --latency | --no-saturate) mode=latency ;;
    --slow-streams) mode=slow-streams ;;
    --profile) mode=profile ;;
    --limits) mode=limits ;;
    --affinity) mode=affinity ;;
    --sat-concurrency) sat_concurrency=${2:?--sat-concurrency needs a list}; shift ;;
    --sat-concurrency=*) sat_concurrency=${1#*=} ;;
    --compare-gateway) compare_gateway=${2:?--compare-gateway needs a path}; shift ;;
    --profile-scenarios) profile_scenarios=${2:?--profile-scenarios needs a list}; shift ;;
    --origins) origins=${2:?--origins needs a number}; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) args+=("$1") ;;
  esac
  shift
done

# The tables' owner seeds and edits fixtures; the gateway connects as the application role (row-level security).
BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/llmguard_test
BENCH_APP_DATABASE_URL=postgresql://llmguard_app@127.0.0.1:5432/llmguard_test
EXTRA_DEPLOYMENT_PREFIX=dep_benchorigin
AFFINITY_ROUTE_PREFIX=rte_benchaffinity
drop_extra_deployments() {
  psql "$BENCH_DATABASE_URL" -qtAc "DELETE FROM deployments WHERE id LIKE '${EXTRA_DEPLOYMENT_PREFIX}%'" >/dev/null 2>&1 || true
  psql "$BENCH_DATABASE_URL" -qtAc "DELETE FROM model_routes WHERE id LIKE '${AFFINITY_ROUTE_PREFIX}%'" >/dev/null 2>&1 || true
}

# Stops a process and everything it started (by process id; children first).
kill_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null || true
}

pids=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # The load generators of a pass that was interrupted (see fg_run), then the servers.
  for child in $(pgrep -P $$ 2>/dev/null); do kill_tree "$child"; done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  redis-cli -n 2 FLUSHDB >/dev/null 2>&1 || true
  drop_extra_deployments
  exit "$status"
}
trap cleanup EXIT
trap 'log "bench.sh: command failed at line $LINENO"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in $UPSTREAM_PORT $GATEWAY_PORT $BARE_PORT $GATEWAY_INSPECT_PORT $BARE_INSPECT_PORT; do
  port_free "$port" || die "port $port is in use (a bench still running?); stop it first"
done

# 1,000 slow streams hold ~3 sockets each across client, gateway and upstream.
want_files=16384
if [[ $(ulimit -n) != unlimited ]] && (($(ulimit -n) < want_files)); then
  hard=$(ulimit -Hn)
  [[ $hard == unlimited ]] || ((hard >= want_files)) || want_files=$hard
  ulimit -Sn "$want_files" || log "could not raise the open-files limit (now $(ulimit -n))"
fi

ensure_node_modules
bash "$ROOT/scripts/services.sh"
mkdir -p "$ROOT/.run"
log "Building the gateway and the seed"
(cd "$ROOT" && npx nx run-many -t build -p @llmguard/gateway @llmguard/seed --outputStyle=static) >"$ROOT/.run/build-bench.log" 2>&1 ||
  { tail -n 40 "$ROOT/.run/build-bench.log"; die "build failed"; }

if [[ $mode == full || $mode == saturate ]] && ! command -v wrk >/dev/null; then
  log "Installing wrk (saturation load generator)"
  apt_install wrk || log "wrk could not be installed: the saturation pass uses the Node client instead"
fi

run_dir="$ROOT/bench/bench-results/$(date -u +%Y%m%dT%H%M%SZ)-$mode"
mkdir -p "$run_dir"
commit=${BENCH_COMMIT:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)}
dirty=$( (git -C "$ROOT" status --porcelain --untracked-files=no -- apps libs 2>/dev/null || true) | wc -l)
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $commit (modified tracked files under apps/ libs/: $dirty)"
  echo "mode: $mode; args: ${args[*]:-}"
  echo "node: $(node --version); cpus: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$run_dir/run.txt" >&2

export DATABASE_URL=$BENCH_APP_DATABASE_URL
export REDIS_URL=redis://127.0.0.1:6379/2 REDIS_KEY_PREFIX=llmguard-bench: LOG_LEVEL=warn
export USAGE_SPOOL_DIR=$run_dir/usage-spool # this gateway's own (never replays another instance's events)
secrets=$ROOT/.run/bench
DATABASE_URL=$BENCH_DATABASE_URL node "$ROOT/tools/seed/dist/main.js" --secrets-dir "$secrets" --bench-upstream-url "http://127.0.0.1:$UPSTREAM_PORT" >/dev/null
key=$(cat "$secrets/bench-api-key")
limited_key=$(cat "$secrets/bench-limited-api-key")

alive() { kill -0 "$1" 2>/dev/null || die "$2 exited; see $3"; }

# Extra deployments of the bench tenant's gpt-4o-mini route (--slow-streams), one per extra fake
# upstream: copies of the seeded one with another base URL. Only the bench tenant is touched, and
# they are dropped again on exit (and before every run, in case a run was killed).
add_extra_deployment() { # PORT
  psql "$BENCH_DATABASE_URL" -v ON_ERROR_STOP=1 -qtA >/dev/null <<SQL
CREATE TEMP TABLE extra AS
  SELECT d.* FROM deployments d JOIN model_routes r ON r.id = d.route_id JOIN tenants t ON t.id = r.tenant_id
  WHERE t.slug = 'bench' AND r.alias = 'gpt-4o-mini' AND d.name = 'gpt-4o-mini-primary';
UPDATE extra SET id = '${EXTRA_DEPLOYMENT_PREFIX}$1', name = 'gpt-4o-mini-port-$1',
  base_url = 'http://127.0.0.1:$1/v1';
INSERT INTO deployments SELECT * FROM extra;
SQL
}
# --affinity: one bench-tenant route per strategy, each with one deployment per prefix-cache replica (removed on
# exit, like the extra deployments).
add_affinity_route() { # STRATEGY ALIAS
  local route_id="${AFFINITY_ROUTE_PREFIX}_$1" replica port
  {
    echo "INSERT INTO model_routes (id, tenant_id, alias, strategy, config)
      SELECT '$route_id', id, '$2', '$1', '{}' FROM tenants WHERE slug = 'bench';"
    for ((replica = 0; replica < AFFINITY_REPLICAS; replica++)); do
      port=$((AFFINITY_REPLICA_PORT + replica))
      echo "INSERT INTO deployments (id, route_id, name, provider, base_url, upstream_model,
          input_price_micros_per_million, output_price_micros_per_million, cached_input_price_micros_per_million)
        VALUES ('dep_benchaffinity_$1_$replica', '$route_id', 'replica-$replica', 'openai',
          'http://127.0.0.1:$port/v1', 'gpt-4o-mini', 150000, 600000, 75000);"
    done
  } | psql "$BENCH_DATABASE_URL" -v ON_ERROR_STOP=1 -qtA >/dev/null
}
drop_extra_deployments

node "$ROOT/bench/fake-upstream.mjs" --port "$UPSTREAM_PORT" --quiet >"$run_dir/upstream.log" 2>&1 &
upstream_pid=$!
pids+=("$upstream_pid")

if [[ $mode == slow-streams ]] && ((origins > 1)); then
  for ((origin = 1; origin < origins; origin++)); do
    port=$((UPSTREAM_PORT + origin))
    port_free "$port" || die "port $port is in use"
    node "$ROOT/bench/fake-upstream.mjs" --port "$port" --quiet >>"$run_dir/upstream.log" 2>&1 &
    pids+=("$!")
    wait_for_port "$port" "fake upstream $port"
    add_extra_deployment "$port"
  done
fi

affinity_urls=""
if [[ $mode == affinity ]]; then
  for ((replica = 0; replica < AFFINITY_REPLICAS; replica++)); do
    port=$((AFFINITY_REPLICA_PORT + replica))
    port_free "$port" || die "port $port is in use"
    # Short base pacing, so the prefill of uncached prompt tokens (0.1 ms each) dominates the time to first token.
    node "$ROOT/tools/demo-upstream/dist/main.js" --port "$port" --prefix-cache --ttft-ms 20 --itl-ms 5 --tokens 16 \
      --quiet >>"$run_dir/replicas.log" 2>&1 &
    pids+=("$!")
    wait_for_port "$port" "demo-upstream replica $port"
    affinity_urls+="${affinity_urls:+,}http://127.0.0.1:$port"
  done
  add_affinity_route round_robin affinity-round-robin
  add_affinity_route prefix_affinity affinity-prefix
  add_affinity_route least_busy affinity-least-busy
fi

# --slow-streams: the bare proxy gets an unlimited pool, so it shows what 1,000 flowing streams cost.
bare_flags=()
bare_args=()
[[ $mode == slow-streams ]] && bare_flags=(--inspect="127.0.0.1:$BARE_INSPECT_PORT") && bare_args=(--connections 0)
node "${bare_flags[@]}" "$ROOT/bench/bare-proxy.mjs" --port "$BARE_PORT" --upstream "http://127.0.0.1:$UPSTREAM_PORT" \
  "${bare_args[@]}" >"$run_dir/bare.log" 2>&1 &
bare_pid=$!
pids+=("$bare_pid")

wait_for_port "$UPSTREAM_PORT" "fake upstream"
wait_for_port "$BARE_PORT" "bare proxy"
alive "$upstream_pid" "fake upstream" "$run_dir/upstream.log"
alive "$bare_pid" "bare proxy" "$run_dir/bare.log"

# The data plane on $GATEWAY_PORT (the control plane on any free port).
gateway_flags=()
[[ $mode == slow-streams || $mode == profile ]] && gateway_flags=(--inspect="127.0.0.1:$GATEWAY_INSPECT_PORT")
DATA_PLANE_PORT=$GATEWAY_PORT CONTROL_PLANE_PORT=0 METRICS_PORT=0 node "${gateway_flags[@]}" "$ROOT/apps/gateway/dist/main.js" \
  >"$run_dir/gateway.log" 2>&1 &
gateway_pid=$!
pids+=("$gateway_pid")
wait_for_port "$GATEWAY_PORT" gateway 150
alive "$gateway_pid" gateway "$run_dir/gateway.log"

# Optional: an earlier build of the gateway, same database, Redis and upstream, as target "previous".
compare_targets=()
if [[ -n $compare_gateway ]]; then
  [[ -f $compare_gateway ]] || die "--compare-gateway: $compare_gateway is not a file"
  DATA_PLANE_PORT=$COMPARE_PORT CONTROL_PLANE_PORT=0 METRICS_PORT=0 node "$compare_gateway" >"$run_dir/previous.log" 2>&1 &
  compare_pid=$!
  pids+=("$compare_pid")
  wait_for_port "$COMPARE_PORT" "gateway to compare" 150
  alive "$compare_pid" "gateway to compare" "$run_dir/previous.log"
  compare_targets=(--target "previous=http://127.0.0.1:$COMPARE_PORT" --header "previous:Authorization: Bearer $key"
    --pid "previous=$compare_pid")
fi

upstream_url=http://127.0.0.1:$UPSTREAM_PORT
bare_url=http://127.0.0.1:$BARE_PORT
gateway_url=http://127.0.0.1:$GATEWAY_PORT
auth="Authorization: Bearer $key"
cd "$ROOT/bench"

latency_pass() {
  log "Latency pass: direct vs bare vs gateway (interleaved rounds)"
  node overhead.mjs --direct "$upstream_url" --target "bare=$bare_url" \
    --gateway "$gateway_url" --gateway-header "$auth" \
    --pid "gateway=$gateway_pid" --pid "bare=$bare_pid" --pid "upstream=$upstream_pid" "${compare_targets[@]}" \
    --rounds 3 --duration 5 --scenarios chat@1,chat@64,stream@1,stream@64,messages-stream@8 \
    --out "$run_dir/latency.json" "${args[@]}" | tee "$run_dir/latency.txt"
}

saturate_pass() {
  # The bare proxy is the baseline here, so "rps ratio" of the gateway row is gateway ÷ bare.
  local sat_args=() skip=0 a scen=""
  for a in "${args[@]}"; do
    if ((skip)); then skip=0; continue; fi
    case $a in
      --scenarios) skip=1 ;;
      --scenarios=*) ;;
      *) sat_args+=("$a") ;;
    esac
  done
  for c in ${sat_concurrency//,/ }; do scen+="${scen:+,}chat@$c"; done
  log "Saturation pass: max req/s at ${scen} (bare = baseline, gateway, direct)"
  node overhead.mjs --saturate --target "bare=$bare_url" \
    --target "gateway=$gateway_url" --header "gateway:$auth" --target "direct=$upstream_url" \
    --pid "gateway=$gateway_pid" --pid "bare=$bare_pid" --pid "upstream=$upstream_pid" "${compare_targets[@]}" \
    --rounds 3 --duration 10 --out "$run_dir/saturate.json" "${sat_args[@]}" --scenarios "$scen" |
    tee "$run_dir/saturate.txt"
}

usage_events() { redis-cli -n 2 XLEN "${REDIS_KEY_PREFIX}usage:events" 2>/dev/null || echo 0; }

slow_streams_pass() {
  local before after
  before=$(usage_events)
  log "Slow streams through the gateway (its gpt-4o-mini route spread over $origins fake upstream(s))"
  node slow-streams.mjs --url "$gateway_url" --header "$auth" --pid "$gateway_pid" --name gateway \
    --inspect-port "$GATEWAY_INSPECT_PORT" --out "$run_dir/slow-streams-gateway.json" "${args[@]}" |
    tee "$run_dir/slow-streams-gateway.txt"
  after=$(usage_events)
  echo "usage events the gateway published during the slow-streams run: $((after - before)) (one per stream expected, warm-up included)" |
    tee -a "$run_dir/slow-streams-gateway.txt"
  log "Slow streams through the bare proxy (reference)"
  node slow-streams.mjs --url "$bare_url" --pid "$bare_pid" --name bare \
    --inspect-port "$BARE_INSPECT_PORT" --out "$run_dir/slow-streams-bare.json" "${args[@]}" |
    tee "$run_dir/slow-streams-bare.txt"
}

profile_pass() {
  # The gateway runs with --inspect; bench/cpu-profile.mjs samples it only while the load runs
  # (after an unprofiled warm-up), so start-up work stays out of the profile.
  mkdir -p "$run_dir/profiles"
  local scenario kind
  for scenario in ${profile_scenarios//,/ }; do
    kind=${scenario/@/-c}
    node overhead.mjs --target "gateway=$gateway_url" --header "gateway:$auth" \
      --rounds 1 --warmup 0 --duration 3 --scenarios "$scenario" --out "$run_dir/profile-$kind-warmup.json" >/dev/null 2>&1
    log "Profiling the gateway under $scenario for 10 s"
    node cpu-profile.mjs --inspect-port "$GATEWAY_INSPECT_PORT" --out "$run_dir/profiles/gateway-$kind.cpuprofile" \
      --alloc-out "$run_dir/profiles/gateway-$kind.heapprofile" -- \
      node overhead.mjs --target "gateway=$gateway_url" --header "gateway:$auth" --pid "gateway=$gateway_pid" \
      --rounds 1 --warmup 0 --duration 10 --scenarios "$scenario" --out "$run_dir/profile-$kind.json" "${args[@]}" |
      tee "$run_dir/profile-$kind-load.txt"
    node cpuprofile-top.mjs "$run_dir/profiles/gateway-$kind.cpuprofile" --root "$ROOT" --top 30 |
      tee "$run_dir/profile-$kind.txt"
  done
}

limits_pass() {
  # Redis's CPU counts as the gateway's here: the limiter's scripts run there.
  local redis_pid
  redis_pid=$(redis-cli info server | awk -F: '/^process_id:/ { print $2 + 0 }')
  log "Admission decisions per second: the gateway's limiter vs rate-limiter-flexible"
  node limiter.mjs --redis redis://127.0.0.1:6379/2 | tee "$run_dir/limiter.txt"
  log "Latency a key with limits adds: unlimited vs limited key, same gateway (interleaved rounds)"
  node overhead.mjs --direct "$upstream_url" \
    --gateway "$gateway_url" --gateway-header "$auth" \
    --target "gateway-limited=$gateway_url" --header "gateway-limited:Authorization: Bearer $limited_key" \
    --pid "gateway=$gateway_pid,$redis_pid" --pid "gateway-limited=$gateway_pid,$redis_pid" --pid "upstream=$upstream_pid" \
    --rounds 5 --duration 5 --scenarios chat@1,chat@16,stream@1 \
    --out "$run_dir/latency.json" "${args[@]}" | tee "$run_dir/latency.txt"
}

affinity_pass() {
  log "What ordering deployments costs per request, by strategy (bench/routing-cost.mjs)"
  node --expose-gc --max-semi-space-size=64 routing-cost.mjs | tee "$run_dir/routing-cost.txt"
  log "Prefix affinity vs round robin vs least busy ($AFFINITY_REPLICAS prefix-cache replicas, interleaved rounds)"
  node affinity.mjs --gateway "$gateway_url" --header "$auth" --replicas "$affinity_urls" \
    --route round_robin=affinity-round-robin --route prefix_affinity=affinity-prefix \
    --route least_busy=affinity-least-busy --out "$run_dir/affinity.json" "${args[@]}" | tee "$run_dir/affinity.txt"
}

# Runs a pass in the background and waits for it, so that INT/TERM reach the traps at once
# (bash runs a trap only after the foreground command ends) and cleanup stops the pass too.
fg_run() {
  "$@" &
  wait $!
}

case $mode in
  full) fg_run latency_pass; fg_run saturate_pass ;;
  latency) fg_run latency_pass ;;
  saturate) fg_run saturate_pass ;;
  slow-streams) fg_run slow_streams_pass ;;
  profile) fg_run profile_pass ;;
  limits) fg_run limits_pass ;;
  affinity) fg_run affinity_pass ;;
esac
alive "$gateway_pid" gateway "$run_dir/gateway.log"
if [[ $mode == full || $mode == latency || $mode == saturate ]]; then
  node report.mjs --dir "$run_dir" | tee "$run_dir/summary.txt"
fi
log "Results in ${run_dir#"$ROOT"/}"
