#!/usr/bin/env bash
# Makes the local services ready: PostgreSQL 15 with pgvector and Redis 7, installed from Debian's
# packages when missing, started when down, the development and test databases created, and the
# Prisma migrations applied to both. Idempotent; used by start-stack.sh, test-all.sh and CI.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PG_PORT=5432
REDIS_PORT=6379
DATABASES=(llmguard llmguard_test)

ensure_postgres() {
  command -v pg_lsclusters >/dev/null || { log "Installing PostgreSQL"; apt_install postgresql postgresql-contrib; }
  local version
  version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
  if [[ -z $version ]]; then
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    log "Creating PostgreSQL $version cluster"
    pg_createcluster "$version" main >/dev/null
  fi
  trust_loopback "$version"
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    log "Starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  wait_for_port "$PG_PORT" PostgreSQL
  if [[ ! -f /usr/share/postgresql/$version/extension/vector.control ]]; then
    log "Installing pgvector for PostgreSQL $version (built from Debian's source package)"
    bash "$ROOT/scripts/install-pgvector.sh" "$version"
  fi
}

# Development and CI connect over loopback without a password. Debian may ship scram-sha-256 for
# host lines; put trust lines for 127.0.0.1 and ::1 first (pg_hba.conf is read top to bottom).
trust_loopback() {
  local hba="/etc/postgresql/$1/main/pg_hba.conf"
  [[ -f $hba ]] || return 0
  if ! grep -q '^# llmguard: trust loopback' "$hba"; then
    log "Allowing passwordless loopback connections in $hba (development and CI only)"
    local tmp
    tmp=$(mktemp)
    {
      echo '# llmguard: trust loopback (added by scripts/services.sh for development and CI)'
      echo 'local   all   all                 trust'
      echo 'host    all   all   127.0.0.1/32  trust'
      echo 'host    all   all   ::1/128       trust'
      cat "$hba"
    } >"$tmp"
    cat "$tmp" >"$hba"
    rm -f "$tmp"
    pg_ctlcluster --skip-systemctl-redirect "$1" main reload >/dev/null 2>&1 || true
  fi
}

ensure_redis() {
  command -v redis-server >/dev/null || { log "Installing Redis"; apt_install redis-server; }
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
    log "Starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/llmguard.log
  fi
  wait_for_port "$REDIS_PORT" Redis
}

ensure_databases() {
  for db in "${DATABASES[@]}"; do
    if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
      log "Creating database $db"
      psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db" >/dev/null
    fi
  done
}

migrate() {
  for db in "${DATABASES[@]}"; do
    log "Applying migrations to $db"
    DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/$db" bash "$ROOT/scripts/prisma.sh" migrate deploy >/dev/null
  done
}

ensure_postgres
ensure_redis
ensure_databases
if [[ ${1:-} != --no-migrate ]]; then
  ensure_node_modules
  migrate
fi
log "Services ready: PostgreSQL 127.0.0.1:$PG_PORT (${DATABASES[*]}), Redis 127.0.0.1:$REDIS_PORT"
