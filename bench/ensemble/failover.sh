#!/usr/bin/env bash
# Failover time of a 3-server ensemble with default timeouts: kill -9 of the leader under write load, until the
# first write acknowledged by its successor (registry-bench failover), on a fresh ensemble each run; prints every
# run and the median.
#
# Usage: bench/ensemble/failover.sh [--runs 5] [--writers 8] [--size 100] [--port-offset 21000]
# The ensemble uses scripts/ensemble.sh's ports shifted by --port-offset. Record figures taken on an otherwise idle
# machine with the machine facts in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=5 writers=8 size=100 offset=21000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --port-offset) offset=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d)
base=""
cleanup() {
  [ -n "$base" ] && scripts/ensemble.sh stop --base-dir "$base" --port-offset "$offset" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM  # so that the EXIT trap also runs when interrupted

. bench/lib/build.sh
servers="http://127.0.0.1:$((8501 + offset)),http://127.0.0.1:$((8502 + offset)),http://127.0.0.1:$((8503 + offset))"

results=()
for run in $(seq 1 "$runs"); do
  base="$work/run$run"
  scripts/ensemble.sh start --base-dir "$base" --port-offset "$offset" >/dev/null
  pids="$(cat "$base/server1.pid"),$(cat "$base/server2.pid"),$(cat "$base/server3.pid")"
  out=$(dotnet "$bench_dll" failover --servers "$servers" --pids "$pids" --writers "$writers" --size "$size") || {
    echo "run $run failed:" >&2; echo "$out" >&2; exit 1; }
  echo "run $run: $out"
  results+=("$(sed -nE 's/^failover ([0-9.]+) ms.*/\1/p' <<<"$out")")
  scripts/ensemble.sh stop --base-dir "$base" --port-offset "$offset" >/dev/null
  base=""
done

printf '%s\n' "${results[@]}" | sort -n | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "failover over %d runs: median %.0f ms, min %.0f ms, max %.0f ms\n", NR, m, v[1], v[NR] }'
