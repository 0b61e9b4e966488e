#!/usr/bin/env bash
# node-zookeeper-client for the ZooKeeper compatibility tests, installed from the committed lock file.
# Re-installs only when the lock file changed since the last install.
set -euo pipefail
dir="$(dirname "$0")/../../tests/Registry.Compat.Tests/ZooKeeper/node"
stamp="$dir/node_modules/.lock-hash"
hash="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  exit 0
fi
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "$hash" > "$stamp"
