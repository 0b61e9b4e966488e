#!/usr/bin/env bash
# 3-server ensemble throughput: Registry and Apache ZooKeeper 3.8 (the Debian package) with the same settings
# (3 servers on loopback, fsync on, tickTime 2000 / initLimit 10 / syncLimit 5), driven by the same load generator
# over the ZooKeeper protocol, sessions spread over the three servers. One system runs at a time.
#
# Usage: bench/ensemble/compare.sh [--workloads "create set get register"] [--clients 64] [--pipeline 16]
#                                  [--duration 30s] [--warmup 5s] [--size 100] [--port-offset 20000]
#                                  [--systems "Registry ZooKeeper"]
# Registry uses scripts/ensemble.sh's ports shifted by --port-offset; ZooKeeper the same shifted by 100 more.
# Figures only mean something on an otherwise idle machine; record them with the machine facts in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib/srvr.sh

workloads="create set get register" clients=64 pipeline=16 duration=30s warmup=5s size=100 offset=20000 systems="Registry ZooKeeper"
while [ $# -gt 0 ]; do
  case "$1" in
    --workloads) workloads=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --pipeline) pipeline=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --port-offset) offset=$2; shift 2 ;;
    --systems) systems=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in java dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run scripts/setup.sh" >&2; exit 1; }
done
jar=/usr/share/java/zookeeper.jar
[ -f "$jar" ] || { echo "$jar not found: run scripts/setup.sh (Debian package zookeeper)" >&2; exit 1; }

work=$(mktemp -d)
zk_pids=()
cleanup() {
  scripts/ensemble.sh stop --base-dir "$work/registry" --port-offset "$offset" >/dev/null 2>&1 || true
  for pid in "${zk_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM  # so that the EXIT trap also runs when interrupted

. bench/lib/build.sh

# Runs every workload against the servers; each report lands in $work/<system>-<workload>.json.
measure() { # system servers
  for workload in $workloads; do
    echo "== $1 $workload" >&2
    dotnet "$bench_dll" zk --servers "$2" --workload "$workload" --clients "$clients" --pipeline "$pipeline" \
      --duration "$duration" --warmup "$warmup" --size "$size" --json "$work/$1-$workload.json" >"$work/$1-$workload.txt" 2>&1 \
      || echo "   $1 $workload reported errors: see the table" >&2
  done
}

# First occurrence of a numeric field in a report (the run's own; per-step figures come later in the file).
field() { # file name
  [ -f "$1" ] && sed -nE "s/^ *\"$2\": *([-0-9.eE+]+),?$/\1/p" "$1" | head -n 1 || true
}

round() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.0f", v }'; }

registry() {
  scripts/ensemble.sh start --base-dir "$work/registry" --port-offset "$offset" >&2
  measure Registry "127.0.0.1:$((2182 + offset)),127.0.0.1:$((2183 + offset)),127.0.0.1:$((2184 + offset))"
  scripts/ensemble.sh stop --base-dir "$work/registry" --port-offset "$offset" >&2
}

# Polled until all three answer srvr as leader or follower: ZooKeeper offers nothing to wait on.
zk_mode() { srvr "$1" | sed -nE 's/^Mode: (.*)$/\1/p'; } # port

zookeeper() {
  local zk_offset=$((offset + 100)) zk_servers="" n m dir attempt serving
  for n in 1 2 3; do
    dir="$work/zookeeper/server$n"
    mkdir -p "$dir/data"
    echo "$n" >"$dir/data/myid"
    {
      echo "tickTime=2000"
      echo "initLimit=10"
      echo "syncLimit=5"
      echo "dataDir=$dir/data"
      echo "clientPort=$((2181 + n + zk_offset))"
      echo "clientPortAddress=127.0.0.1"
      echo "forceSync=yes"
      echo "admin.enableServer=false"
      echo "4lw.commands.whitelist=srvr"
      for m in 1 2 3; do echo "server.$m=127.0.0.1:$((2887 + m + zk_offset)):$((3887 + m + zk_offset))"; done
    } >"$dir/zoo.cfg"
    java -cp "/etc/zookeeper/conf:$jar" "-Dzookeeper.log.dir=$dir" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" \
      >"$dir/server.log" 2>&1 &
    zk_pids+=($!)
    zk_servers+="${zk_servers:+,}127.0.0.1:$((2181 + n + zk_offset))"
  done

  for attempt in $(seq 1 120); do
    serving=0
    for n in 1 2 3; do
      case "$(zk_mode $((2181 + n + zk_offset)))" in leader | follower) serving=$((serving + 1)) ;; esac
    done
    [ "$serving" -eq 3 ] && break
    [ "$attempt" -eq 120 ] && { echo "Apache ZooKeeper did not form an ensemble" >&2; tail -n 20 "$work"/zookeeper/server*/server.log >&2; exit 1; }
    sleep 0.5
  done
  measure ZooKeeper "$zk_servers"
  for pid in "${zk_pids[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  zk_pids=()
}

for system in $systems; do
  case "$system" in
    Registry) registry ;;
    ZooKeeper) zookeeper ;;
    *) echo "unknown system: $system (Registry or ZooKeeper)" >&2; exit 2 ;;
  esac
done

# --- Side by side ---
echo
echo "3 servers on loopback, fsync on; $clients sessions x $pipeline in flight, ${size} B payloads, ${duration} after ${warmup} warm-up"
printf '%-10s | %14s %9s %9s %7s | %14s %9s %9s %7s | %6s\n' workload "Registry op/s" "p50 ms" "p99 ms" errors "ZooKeeper op/s" "p50 ms" "p99 ms" errors ratio
for workload in $workloads; do
  r="$work/Registry-$workload.json" z="$work/ZooKeeper-$workload.json"
  rt=$(field "$r" throughput) zt=$(field "$z" throughput)
  printf '%-10s | %14s %9s %9s %7s | %14s %9s %9s %7s | %6s\n' "$workload" \
    "$(round "$rt")" "$(field "$r" p50)" "$(field "$r" p99)" "$(field "$r" errors)" \
    "$(round "$zt")" "$(field "$z" p50)" "$(field "$z" p99)" "$(field "$z" errors)" \
    "$(awk -v a="$rt" -v b="$zt" 'BEGIN { if (a != "" && b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')"
done
