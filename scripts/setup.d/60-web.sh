#!/usr/bin/env bash
# Installs the web UI's npm dependencies (bundler, type checker, Playwright's library; never a browser: the
# browser tests drive Debian's chromium) whenever web/package-lock.json differs from the last install.
set -euo pipefail
cd "$(dirname "$0")/../../web"
command -v npm >/dev/null || { echo "setup: npm is missing; install Node.js 20 or newer with npm"; exit 1; }
stamp=node_modules/.registry-lock-sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
