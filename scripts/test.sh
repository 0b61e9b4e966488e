#!/usr/bin/env bash
# Runs every test suite of the repository and prints one line of totals: "N passed, N failed, N skipped".
# Installs what the suites need first, so it works on a fresh machine. Usage: ./scripts/test.sh [extra dotnet test args]
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
weblog=$(mktemp)
trap 'rm -f "$log" "$weblog"' EXIT

./scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

dotnet build Registry.sln -c Release -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

status=0
dotnet test Registry.sln -c Release --no-build --nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The web UI's unit and browser tests (node --test against a real server process and Debian's chromium).
(cd web && npm test --silent) 2>&1 | tee "$weblog"
webstatus=${PIPESTATUS[0]}

# Each test assembly ends with "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T, ..." (or "Failed!").
passed=0 failed=0 skipped=0 assemblies=0
while read -r f p s; do
  assemblies=$((assemblies + 1)); failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/^(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log")

if [ "$assemblies" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # The runner failed without reporting a failed test (crash, hang, build break): count it as one failure.
  failed=$((failed + 1))
fi

# Node's test runner closes with "# pass P", "# fail F" and "# skipped S" lines.
webpassed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$weblog" | tail -n 1)
webfailed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$weblog" | tail -n 1)
webskipped=$(sed -nE 's/^# skipped ([0-9]+)$/\1/p' "$weblog" | tail -n 1)
passed=$((passed + ${webpassed:-0})); failed=$((failed + ${webfailed:-0})); skipped=$((skipped + ${webskipped:-0}))
if [ -z "$webpassed" ] || { [ "$webstatus" -ne 0 ] && [ "${webfailed:-0}" -eq 0 ]; }; then
  # The web runner failed without reporting a failed test (build break, no server, no browser): one failure.
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
