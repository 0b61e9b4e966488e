#!/usr/bin/env bash
# ZooKeeper-protocol throughput, latency and memory: a standalone Registry and a standalone Apache ZooKeeper 3.8
# (Debian's `zookeeper` package) driven by the same load generator (`registry-bench zk`) with the same settings,
# one after the other, each on a fresh server with an empty data directory, fsync on (ZooKeeper's forceSync
# default; the registry always syncs).
#
# Workloads: create, set, get (1,000 keys) and register (connect + ephemeral sequential create + closeSession).
# Memory: both servers are loaded with 1,000,000 znodes of 100 B and their resident set size (VmRSS) is read
# once `srvr` reports the node count, while the nodes exist.
#
# Usage: bench/zk/compare.sh [--duration 10s] [--warmup 3s] [--clients 32] [--pipeline 16] [--runs 1]
#                            [--workloads "create set get register"] [--memory 1000000|0]
# Figures only mean something on an otherwise idle machine; record them with the machine facts in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/srvr.sh

duration=10s warmup=3s clients=32 pipeline=16 runs=1 workloads="create set get register" memory=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --pipeline) pipeline=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --workloads) workloads=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
jar=/usr/share/java/zookeeper.jar
for tool in java dotnet python3; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run scripts/setup.sh" >&2; exit 1; }
done
[ -f "$jar" ] || { echo "$jar not found: run scripts/setup.sh" >&2; exit 1; }

. bench/lib/build.sh

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Polls `srvr` until it reports a mode, for at most 60 s (neither server has a readiness event to wait on).
wait_serving() { # port
  for _ in $(seq 1 120); do
    if srvr "$1" | grep -q '^Mode:'; then return 0; fi
    sleep 0.5
  done
  echo "no server answered srvr on port $1" >&2
  exit 1
}

start_registry() { # port
  local dir="$work/registry-$RANDOM"
  dotnet "$registry_dll" start --data "$dir" --http-port "$(free_port)" --bind 127.0.0.1 --zk-port "$1" --dns-port 0 \
    >"$dir.log" 2>&1 &
  server_pid=$!
  wait_serving "$1"
}

start_zookeeper() { # port
  local dir="$work/zookeeper-$RANDOM"
  mkdir -p "$dir/data"
  cat >"$dir/zoo.cfg" <<EOF
tickTime=2000
dataDir=$dir/data
clientPort=$1
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=srvr
EOF
  java -cp "/etc/zookeeper/conf:$jar" -Dzookeeper.log.dir="$dir" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg" \
    >"$dir.log" 2>&1 &
  server_pid=$!
  wait_serving "$1"
}

rows="$work/rows"
: >"$rows"
for run in $(seq 1 "$runs"); do
  for workload in $workloads; do
    for target in registry zookeeper; do
      port=$(free_port)
      "start_$target" "$port"
      json="$work/$target-$workload-$run.json"
      dotnet "$bench_dll" zk --servers "127.0.0.1:$port" --workload "$workload" --clients "$clients" --pipeline "$pipeline" \
        --duration "$duration" --warmup "$warmup" --json "$json" >/dev/null
      python3 - "$json" "$target" "$run" >>"$rows" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
lat = r["latency"]
print(f'| {r["workload"]} | {sys.argv[2]} | {sys.argv[3]} | {r["throughput"]:,.0f} {r["unit"]}s/s | {lat["p50"]:.2f} ms | {lat["p99"]:.2f} ms | {lat["p999"]:.2f} ms | {r["errors"]} |')
EOF
      stop_server
    done
  done
done

echo "clients=$clients pipeline=$pipeline duration=$duration warmup=$warmup (register ignores the pipeline)"
echo "| workload | server | run | throughput | p50 | p99 | p99.9 | errors |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
cat "$rows"

if [ "$memory" -gt 0 ]; then
  echo
  echo "| server | znodes of 100 B | VmRSS |"
  echo "| --- | ---: | ---: |"
  for target in registry zookeeper; do
    port=$(free_port)
    "start_$target" "$port"
    # The get workload creates --keys nodes before its (short) measured window and removes them afterwards.
    dotnet "$bench_dll" zk --servers "127.0.0.1:$port" --workload get --keys "$memory" --clients 4 --pipeline 64 \
      --duration 20s --warmup 0s --timeout 60s >"$work/memory-$target.log" 2>&1 &
    bench_pid=$!
    rss=""
    for _ in $(seq 1 600); do
      count=$(srvr "$port" | sed -n 's/^Node count: //p')
      if [ "${count:-0}" -ge "$memory" ]; then
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")
        break
      fi
      sleep 0.5
    done
    wait "$bench_pid" || true
    echo "| $target | ${count:-?} | $(( ${rss:-0} / 1024 )) MiB |"
    stop_server
  done
fi
