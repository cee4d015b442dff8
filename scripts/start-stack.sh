#!/usr/bin/env bash
# Installs what is missing, prepares PostgreSQL and Redis, builds every project, seeds the demo
# tenant and key, and starts the whole stack: demo upstream, gateway (data + control plane),
# billing worker and portal. Prints the URLs, the demo key and a curl example.
#   scripts/start-stack.sh [--profile demo|test] [--detach]
# Without --detach it stays in the foreground and stops everything on Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/stack-env.sh"

profile=demo detach=false skip_build=false
while (($#)); do
  case $1 in
    --profile) profile=$2; shift 2 ;;
    --detach) detach=true; shift ;;
    --skip-build) skip_build=true; shift ;;
    *) die "unknown option $1" ;;
  esac
done
stack_profile_env "$profile"

ensure_node_modules
bash "$ROOT/scripts/services.sh"
bash "$ROOT/scripts/stop-stack.sh" --profile "$profile" >/dev/null 2>&1 || true
if [[ $skip_build != true ]]; then
  log "Building every project (nx run-many -t build)"
  (cd "$ROOT" && npx nx run-many -t build --outputStyle=static) >"$ROOT/.run/build-$profile.log" 2>&1 ||
    { tail -n 60 "$ROOT/.run/build-$profile.log"; die "build failed (full log: .run/build-$profile.log)"; }
fi

log "Seeding the $profile database"
DATABASE_URL=$MIGRATION_DATABASE_URL node "$ROOT/tools/seed/dist/main.js" --secrets-dir "$STACK_DIR" \
  --demo-upstream-url "$DEMO_UPSTREAM_URL"
demo_key=$(cat "$STACK_DIR/demo-api-key")

mkdir -p "$STACK_DIR/logs"
start() { # name, command... (each in its own process group, so stop-stack.sh stops the whole tree)
  local name=$1; shift
  # Descriptors 3-9 are closed: a detached server must not keep the caller's files (e.g. a flock lock) open.
  (cd "$ROOT" && exec setsid "$@" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) >"$STACK_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/$name.pid"
}
wait_ready() { # name, url
  for ((i = 0; i < 300; i++)); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    local pid
    pid=$(cat "$STACK_DIR/$1.pid")
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$STACK_DIR/logs/$1.log"; die "$1 exited during start-up"; }
    sleep 0.2
  done
  tail -n 40 "$STACK_DIR/logs/$1.log"
  die "$1 not ready at $2"
}

log "Starting the demo upstream, gateway, billing worker and portal"
start demo-upstream node tools/demo-upstream/dist/main.js --port "$DEMO_UPSTREAM_PORT" \
  --ttft-ms "$DEMO_UPSTREAM_TTFT_MS" --itl-ms "$DEMO_UPSTREAM_ITL_MS"
start gateway node apps/gateway/dist/main.js
start billing-worker node apps/billing-worker/dist/main.js
start portal node node_modules/next/dist/bin/next start apps/portal --port "$PORTAL_PORT" --hostname 127.0.0.1
wait_ready demo-upstream "$DEMO_UPSTREAM_URL/health"
wait_ready gateway "$PUBLIC_GATEWAY_URL/readyz"
wait_ready gateway "$CONTROL_PLANE_URL/readyz"
wait_ready billing-worker "http://127.0.0.1:$HEALTH_PORT/readyz"
wait_ready portal "$PORTAL_URL/healthz"

cat <<MSG

  LLMGuard is running ($profile profile)
    Portal          $PORTAL_URL
    Data plane      $PUBLIC_GATEWAY_URL/v1      (OpenAI and Anthropic wire formats)
    Control plane   $CONTROL_PLANE_URL/api
    Billing worker  http://127.0.0.1:$HEALTH_PORT/readyz
    Demo upstream   $DEMO_UPSTREAM_URL/v1
    Logs            .run/$profile/logs/
    Demo API key    $demo_key
    Admin login     $(cat "$STACK_DIR/admin-login")

  Try it (a streamed answer from the demo upstream, through the gateway):
    curl -N $PUBLIC_GATEWAY_URL/v1/chat/completions \\
      -H "Authorization: Bearer $demo_key" -H 'content-type: application/json' \\
      -d '{"model":"demo-chat","stream":true,"messages":[{"role":"user","content":"Hello, LLMGuard!"}]}'

MSG

if [[ $detach == true ]]; then
  log "Detached; stop with: bash scripts/stop-stack.sh --profile $profile"
  exit 0
fi
trap 'bash "$ROOT/scripts/stop-stack.sh" --profile "$profile"; exit 0' INT TERM
log "Press Ctrl-C to stop"
while true; do
  for name in demo-upstream gateway billing-worker portal; do
    kill -0 "$(cat "$STACK_DIR/$name.pid")" 2>/dev/null || {
      tail -n 40 "$STACK_DIR/logs/$name.log"
      bash "$ROOT/scripts/stop-stack.sh" --profile "$profile"
      die "$name stopped unexpectedly"
    }
  done
  sleep 2
done
