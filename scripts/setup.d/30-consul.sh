#!/usr/bin/env bash
# The npm consul client for tests/Registry.Compat.Tests/Consul: installed from the committed lock file,
# again only when the lock file changed.
set -euo pipefail
dir="$(cd "$(dirname "$0")/../.." && pwd)/tests/Registry.Compat.Tests/Consul/node"
stamp="$dir/node_modules/.lock-hash"
hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
  exit 0
fi
# Debian's nodejs ships npm separately; NodeSource's nodejs (which conflicts with it) bundles npm.
if ! command -v npm >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$hash" > "$stamp"
