#!/usr/bin/env bash
# Installs what the test suites need on a fresh machine. Each suite owns files in scripts/setup.d/:
#   NN-name.apt  Debian packages, one per line (installed together, with one apt-get update, only if missing)
#   NN-name.sh   an idempotent step run after the packages (npm installs, service set-up), in name order
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(cat scripts/setup.d/*.apt 2>/dev/null | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  echo "setup: $step"
  bash "$step"
done
