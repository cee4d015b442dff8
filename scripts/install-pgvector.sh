#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL server (Debian bookworm ships none).
# It builds pgvector from Debian's own source package (a newer Debian release carries it), against
# the server's headers. Idempotent: does nothing when the extension is already installed.
# Copied from shared/scripts and owned here (fix: check for the server headers, not pg_config).
# Needs root and apt access. Usage: install-pgvector.sh [PG_MAJOR]   (default: the installed server's)
set -euo pipefail

major=${1:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)}
[[ -n $major ]] || { echo "install-pgvector: no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }
pg_config=/usr/lib/postgresql/$major/bin/pg_config
if [[ -f /usr/share/postgresql/$major/extension/vector.control ]]; then
  echo "install-pgvector: pgvector already installed for PostgreSQL $major"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt_quiet() { apt-get -o DPkg::Lock::Timeout=300 -qq "$@" >/dev/null; }
# pg_config ships with the server, the headers do not: check for the headers themselves.
if [[ ! -x $pg_config || ! -f "$("$pg_config" --includedir-server 2>/dev/null)/postgres.h" ]]; then
  apt_quiet update
  apt_quiet install -y "postgresql-server-dev-$major"
fi
command -v make >/dev/null && command -v gcc >/dev/null || apt_quiet install -y build-essential

# Reuse the mirror this machine is already configured with; look only at a newer release's sources.
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
  sed -nE 's/^(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?:\/\/[^ ]+\/debian)\/?([[:space:]].*)?$/\3/p' | head -n 1 || true)
[[ -n $mirror ]] || { echo "install-pgvector: no Debian mirror found in the apt sources" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/lists/partial"
echo "deb-src $mirror trixie main" >"$work/sources.list"
opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists")
apt-get "${opts[@]}" -qq update >/dev/null
(cd "$work" && apt-get "${opts[@]}" -qq source --download-only pgvector >/dev/null 2>&1)
tar -xzf "$work"/pgvector_*.orig.tar.gz -C "$work"
src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
# OPTFLAGS="" keeps the build portable (no -march=native).
make -s -C "$src" PG_CONFIG="$pg_config" OPTFLAGS="" -j"$(nproc)" >/dev/null
make -s -C "$src" PG_CONFIG="$pg_config" install >/dev/null
echo "install-pgvector: installed $(basename "$src") for PostgreSQL $major"
