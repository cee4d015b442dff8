#!/usr/bin/env bash
# Static checks of everything under infra/ that cannot run here (no Docker, no Kubernetes):
#   Prometheus rules      promtool check rules + promtool test rules (alert unit tests)
#   Alertmanager          amtool check-config + amtool config routes test (expected receiver per alert)
#   Grafana dashboards    structure + every query's PromQL through promtool
#   Helm chart            helm lint --strict and helm template for every environment and region, each rendering
#                         validated against the Kubernetes API schemas (kubernetes-models) and LLMGuard's rules;
#                         bad values must be refused by values.schema.json
#   docker compose        the compose file parses and names only Dockerfile targets that exist
# Run by `nx run @llmguard/infra:test` (so by scripts/test-all.sh and CI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra-tools.sh"
INFRA="$ROOT/infra"
MONITORING="$INFRA/monitoring"
CHART="$INFRA/helm/llmguard"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

log "Prometheus configuration and rules"
promtool check config --syntax-only "$MONITORING/prometheus/prometheus.yml"
promtool check rules "$MONITORING"/prometheus/rules/*.yml
(cd "$MONITORING/prometheus" && promtool test rules tests/*.test.yml)

log "Alertmanager configuration and routes"
amtool check-config "$MONITORING/alertmanager/alertmanager.yml"
while IFS=$'\t' read -r labels receiver; do
  [[ -z $labels || $labels == \#* ]] && continue
  # shellcheck disable=SC2086 # the labels are separate arguments
  if ! amtool config routes test --config.file="$MONITORING/alertmanager/alertmanager.yml" \
    --verify.receivers="$receiver" $labels >/dev/null 2>&1; then
    echo "alert with $labels does not reach $receiver" >&2
    exit 1
  fi
done <"$MONITORING/alertmanager/tests/routes.tsv"
echo "alertmanager: every route test reaches its receiver"

log "Grafana dashboards"
node "$INFRA/scripts/check-dashboards.mjs" "$MONITORING/grafana/dashboards" "$scratch/dashboard-queries.json"
promtool check rules "$scratch/dashboard-queries.json" >/dev/null
echo "dashboards: every query parses"

log "Helm chart"
helm lint --strict "$CHART" -f "$CHART/values-dev.yaml" >/dev/null
renderings=(
  "values-dev.yaml"
  "values-staging.yaml"
  "values-prod.yaml"
  "values-prod.yaml values-region-eu-west.yaml"
  "values-prod.yaml values-region-us-east.yaml"
)
for files in "${renderings[@]}"; do
  args=()
  for file in $files; do args+=(-f "$CHART/$file"); done
  helm lint --strict "$CHART" "${args[@]}" >/dev/null
  helm template llmguard "$CHART" --namespace llmguard "${args[@]}" >"$scratch/rendered.yaml"
  node "$INFRA/scripts/validate-manifests.mjs" "$files" <"$scratch/rendered.yaml"
done
# Values the schema or the templates must refuse: a typo'd environment, a secret in the ConfigMap, no secrets.
refused=(
  "--set global.environment=qa"
  "--set config.SESSION_SECRET=oops"
  "--set components.dataPlane.port=http"
  "--set secrets.create=false"
)
for flags in "${refused[@]}"; do
  # shellcheck disable=SC2086 # the flags are separate arguments
  if helm template llmguard "$CHART" -f "$CHART/values-dev.yaml" $flags >/dev/null 2>&1; then
    echo "helm template accepted values it must refuse: $flags" >&2
    exit 1
  fi
done
echo "helm: bad values refused (${#refused[@]} cases)"
if node "$INFRA/scripts/validate-manifests.mjs" broken <"$INFRA/helm/tests/broken-manifests.yaml" 2>/dev/null; then
  echo "validate-manifests.mjs accepted broken manifests" >&2
  exit 1
fi
echo "validate-manifests: broken manifests refused"

log "Settings per environment"
node "$INFRA/scripts/check-env-files.mjs" "$INFRA/env"

log "Log shipping configuration"
node -e "require('yaml').parse(require('fs').readFileSync(process.argv[1], 'utf8'))" "$INFRA/logging/vector.yaml"
echo "logging: vector.yaml parses"

log "Dockerfile and docker compose file"
node "$INFRA/scripts/check-docker.mjs" "$INFRA/docker-compose.yml" "$INFRA/docker/Dockerfile"
log "Infrastructure checks passed"
