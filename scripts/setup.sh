#!/usr/bin/env bash
# Installs what the test suites need on a fresh machine (Debian packages, npm packages, services).
# Each suite owns one idempotent script in scripts/setup.d/, run here in name order.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  echo "setup: $step"
  bash "$step"
done
