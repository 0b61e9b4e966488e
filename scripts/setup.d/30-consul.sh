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
command -v npm >/dev/null || { echo "npm is required (Debian package npm)" >&2; exit 1; }
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$hash" > "$stamp"
