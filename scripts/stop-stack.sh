#!/usr/bin/env bash
# Stops the processes start-stack.sh started for a profile (demo by default).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/stack-env.sh"
profile=demo
[[ ${1:-} == --profile ]] && profile=$2
stack_profile_env "$profile"
for pidfile in "$STACK_DIR"/*.pid; do
  [[ -f $pidfile ]] || continue
  pid=$(cat "$pidfile")
  # Each process leads its own process group (setsid): signal the group, children included.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
done
log "Stopped the $profile stack"
