#!/usr/bin/env bash
# Runs every test: lint, typecheck, build, unit and integration tests of every project (against
# real PostgreSQL and Redis, in the test database and Redis database 1), then the end-to-end tests
# (Playwright in Debian's Chromium, and the official SDKs) against the whole stack started with
# the test profile. Works on a fresh Debian machine: installs what is missing first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_node_modules
bash "$ROOT/scripts/services.sh"
if [[ ! -x /usr/bin/chromium ]]; then
  log "Installing Debian's Chromium for the end-to-end tests"
  apt_install chromium
fi

# Unit and integration tests use the test database and their own Redis database and prefix. They connect as the
# application role, like the apps; the owner's URL is for the seed's tests and the few that tamper with rows.
export DATABASE_URL=postgresql://llmguard_app@127.0.0.1:5432/llmguard_test
export MIGRATION_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/llmguard_test
export REDIS_URL=redis://127.0.0.1:6379/1 REDIS_KEY_PREFIX=llmguard-test:
cd "$ROOT"
log "Lint, typecheck and build every project"
npx nx run-many -t lint typecheck build --outputStyle=static
# One project's tests at a time: the gateway's and the billing worker's integration suites share the test database
# and Redis, and some of their jobs work across tenants (SLA reports, Stripe customers), so running both at once
# lets one suite's tenants come and go under the other's assertions.
log "Unit and integration tests of every project, one project at a time"
npx nx run-many -t test --parallel=1 --outputStyle=static

log "End-to-end tests against the whole stack (test profile)"
unset DATABASE_URL MIGRATION_DATABASE_URL REDIS_URL REDIS_KEY_PREFIX
bash "$ROOT/scripts/start-stack.sh" --profile test --detach --skip-build
trap 'bash "$ROOT/scripts/stop-stack.sh" --profile test' EXIT
source "$ROOT/scripts/stack-env.sh"
stack_profile_env test
export GATEWAY_URL=$PUBLIC_GATEWAY_URL/v1 GATEWAY_ANTHROPIC_URL=$PUBLIC_GATEWAY_URL
export LLMGUARD_DEMO_KEY=$(cat "$STACK_DIR/demo-api-key")
(cd "$ROOT/e2e" && npx playwright test)
log "All tests passed"
