#!/usr/bin/env bash
# Runs the workspace's pinned Prisma CLI (prisma.config.ts at the repository root) without the native schema
# engine that Prisma 7 downloads at first use (see tools/prisma/schema-engine-shim.mjs and prisma/README.md):
#   generate, validate, format, version  need no engine: PRISMA_SCHEMA_ENGINE_BINARY=/bin/true
#   migrate … (and db …, not tried)      run the WASM engine through the shim
# Usage: bash scripts/prisma.sh generate [--if-stale] | migrate deploy | migrate dev --create-only --name add_x |
#        migrate status | migrate diff …
# DATABASE_URL defaults to the development database.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/llmguard}
# No telemetry, update checks or "update available" banners.
export CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1

# `generate --if-stale` (used by libs/db's typecheck and test scripts): skip when the generated client is newer than
# the schema, the config and the installed Prisma, so tasks running side by side do not rewrite it under each other.
if [[ ${1:-} == generate && ${2:-} == --if-stale ]]; then
  generated="$ROOT/libs/db/src/generated/client.ts"
  if [[ -f $generated && -z $(find "$ROOT/prisma/schema" "$ROOT/prisma.config.ts" "$ROOT/node_modules/prisma/package.json" \
    -newer "$generated" -print -quit) ]]; then
    exit 0
  fi
  set -- generate "${@:3}"
fi

shim="$ROOT/tools/prisma/schema-engine-shim.mjs"
case ${1:-} in
  generate | validate | format | version | -v | --version | -h | --help | "")
    export PRISMA_SCHEMA_ENGINE_BINARY=/bin/true
    ;;
  *)
    # git may not keep the executable bit (e.g. a checkout with core.fileMode=false).
    [[ -x $shim ]] || chmod +x "$shim"
    export PRISMA_SCHEMA_ENGINE_BINARY=$shim
    ;;
esac

cd "$ROOT"
exec "$ROOT/node_modules/.bin/prisma" "$@"
