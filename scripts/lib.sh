# Helpers sourced by the scripts in this folder.
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}
export NEXT_TELEMETRY_DISABLED=1

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mxx\033[0m %s\n' "$*" >&2; exit 1; }

# Runs apt-get as root (directly, or through sudo when available); updates the lists once per run.
apt_install() {
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if [[ -z ${LLMGUARD_APT_UPDATED:-} ]]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 -qq update >/dev/null
    export LLMGUARD_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 -qq install -y --no-install-recommends "$@" >/dev/null
}

# Waits until a TCP port on 127.0.0.1 accepts connections.
wait_for_port() {
  local port=$1 name=$2 tries=${3:-100}
  for ((i = 0; i < tries; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.2
  done
  die "$name did not start listening on port $port"
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_node_modules() {
  if [[ ! -d $ROOT/node_modules || $ROOT/package-lock.json -nt $ROOT/node_modules/.package-lock.json ]]; then
    log "Installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}
