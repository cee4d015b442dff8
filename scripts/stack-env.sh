# Ports, databases and Redis namespaces of the two stack profiles, sourced by the stack scripts.
# "demo" is what a developer runs; "test" is what the end-to-end tests run, on other ports, its own
# database and Redis database, so tests never touch the demo data or a running demo stack.
# shellcheck shell=bash
stack_profile_env() {
  local profile=${1:-demo}
  case $profile in
    demo)
      export DEMO_UPSTREAM_PORT=9100 DATA_PLANE_PORT=8080 CONTROL_PLANE_PORT=8081 HEALTH_PORT=8082 PORTAL_PORT=3000
      export METRICS_PORT=9464 PORTAL_METRICS_PORT=9465
      # The apps connect as the application role (row-level security applies); the seed as the tables' owner.
      export DATABASE_URL=${DATABASE_URL:-postgresql://llmguard_app@127.0.0.1:5432/llmguard}
      export MIGRATION_DATABASE_URL=${MIGRATION_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/llmguard}
      export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0} REDIS_KEY_PREFIX=${REDIS_KEY_PREFIX:-llmguard:}
      export DEMO_UPSTREAM_TTFT_MS=${DEMO_UPSTREAM_TTFT_MS:-150} DEMO_UPSTREAM_ITL_MS=${DEMO_UPSTREAM_ITL_MS:-30}
      ;;
    test)
      export DEMO_UPSTREAM_PORT=19100 DATA_PLANE_PORT=18080 CONTROL_PLANE_PORT=18081 HEALTH_PORT=18082 PORTAL_PORT=13000
      export METRICS_PORT=19464 PORTAL_METRICS_PORT=19465
      export DATABASE_URL=postgresql://llmguard_app@127.0.0.1:5432/llmguard_test
      export MIGRATION_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/llmguard_test
      export REDIS_URL=redis://127.0.0.1:6379/1 REDIS_KEY_PREFIX=llmguard-e2e:
      export SIGNUP_MAX_PER_IP=1000000 # end-to-end runs sign up from one address, run after run
      export DEMO_UPSTREAM_TTFT_MS=5 DEMO_UPSTREAM_ITL_MS=2
      # The portal journey's e2e test runs an SMTP inbox here to read the verification email; the
      # control plane connects only when it sends, and a failed send is logged, not fatal.
      export E2E_SMTP_PORT=19025 SMTP_URL=smtp://127.0.0.1:19025
      ;;
    *) die "unknown stack profile '$profile' (demo or test)" ;;
  esac
  export STACK_PROFILE=$profile
  export STACK_DIR=$ROOT/.run/$profile
  export PUBLIC_GATEWAY_URL=http://127.0.0.1:$DATA_PLANE_PORT
  export CONTROL_PLANE_URL=http://127.0.0.1:$CONTROL_PLANE_PORT
  export PORTAL_URL=http://127.0.0.1:$PORTAL_PORT
  export DEMO_UPSTREAM_URL=http://127.0.0.1:$DEMO_UPSTREAM_PORT
}
