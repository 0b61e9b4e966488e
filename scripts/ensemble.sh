#!/usr/bin/env bash
# Starts, inspects and stops a local 3-server Registry ensemble on loopback, for trying replication out.
#
#   scripts/ensemble.sh start|stop|status [--base-dir DIR] [--port-offset N]
#
# Server N (1..3) serves HTTP on 850N, ZooKeeper clients on 218(N+1), DNS on 860N, and talks to its peers on
# 2888:3888, 2889:3889, 2890:3890. --port-offset shifts every port by N (to run beside something using them).
# Each server keeps its data in DIR/serverN (default DIR: /tmp/registry-ensemble), logs to DIR/serverN.log
# and its PID in DIR/serverN.pid; `stop` ends exactly those PIDs. Set REGISTRY_DLL to use another build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

usage() { echo "usage: $0 start|stop|status [--base-dir DIR] [--port-offset N]" >&2; exit 2; }
[ $# -ge 1 ] || usage
command="$1"; shift
base="${TMPDIR:-/tmp}/registry-ensemble"
offset=0
while [ $# -gt 0 ]; do
  case "$1" in
    --base-dir) base="$2"; shift 2 ;;
    --port-offset) offset="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$offset" =~ ^[0-9]+$ ]] || usage

dll="${REGISTRY_DLL:-$root/src/Registry.Cli/bin/Release/net10.0/registry.dll}"
registry() { dotnet "$dll" "$@"; }
http_port() { echo $((8500 + $1 + offset)); }
peers=""
for n in 1 2 3; do
  peers+="${peers:+,}$n=127.0.0.1:$((2887 + n + offset)):$((3887 + n + offset))"
done

# The PID recorded at start, if that process is still running.
running_pid() {
  local file="$base/server$1.pid"
  [ -f "$file" ] || return 1
  local pid; pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  if [ ! -f "$dll" ]; then
    echo "building the registry command ..."
    dotnet build "$root/src/Registry.Cli" -c Release -nologo -v quiet >/dev/null
  fi
  mkdir -p "$base"
  for n in 1 2 3; do
    if pid=$(running_pid "$n"); then
      echo "server $n already runs (PID $pid)"; continue
    fi
    nohup dotnet "$dll" start --id "$n" --peers "$peers" --data "$base/server$n" --bind 127.0.0.1 \
      --http-port "$(http_port "$n")" --zk-port $((2181 + n + offset)) --dns-port $((8600 + n + offset)) \
      >"$base/server$n.log" 2>&1 </dev/null &
    echo $! >"$base/server$n.pid"
    echo "server $n: PID $!, http://127.0.0.1:$(http_port "$n"), log $base/server$n.log"
  done

  # Ready once all three serve as leader or follower (polled: the servers offer nothing to wait on).
  local deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    local serving=0
    for n in 1 2 3; do
      if curl -fsS --max-time 2 "http://127.0.0.1:$(http_port "$n")/v1/status" 2>/dev/null | grep -Eq '"mode": *"(leader|follower)"'; then
        serving=$((serving + 1))
      fi
    done
    if [ "$serving" -eq 3 ]; then status; return 0; fi
    for n in 1 2 3; do
      running_pid "$n" >/dev/null || { echo "server $n exited; see $base/server$n.log" >&2; tail -n 20 "$base/server$n.log" >&2; stop; exit 1; }
    done
    sleep 0.5
  done
  echo "the ensemble did not form within 60 s; see $base/server*.log" >&2
  stop
  exit 1
}

status() {
  local down=0
  for n in 1 2 3; do
    if pid=$(running_pid "$n"); then
      echo "server $n (PID $pid): $(registry status --server "http://127.0.0.1:$(http_port "$n")" 2>&1 | grep -E '^(Mode|Zxid):' | paste -sd ' ')"
    else
      echo "server $n: not running"; down=1
    fi
  done
  return "$down"
}

stop() {
  for n in 1 2 3; do
    if pid=$(running_pid "$n"); then
      kill -TERM "$pid"
      # SIGTERM drains pending writes; give it 20 s, then kill -9.
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "server $n (PID $pid) stopped"
    fi
    rm -f "$base/server$n.pid"
  done
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
