#!/usr/bin/env bash
# DNS throughput: the Registry responder and BIND 9 answering the same data, measured by dnsperf in one run.
#
# Data: N services (default 1,000) x 3 instances on distinct addresses. Queries: a 50/50 mix of A and SRV
# (SRV answers carry the targets' A records as additional data on both sides), all services in turn.
# BIND serves the equivalent static zone from its own config in a temporary directory on a loopback port.
#
# Targets:
#   default              a standalone host (Registry.Bench.Micro dns-host) serving a synthetic in-memory catalog
#                        through the real responder and socket loops;
#   --server HTTP DNS    a running Registry server: the same services are registered through its Consul-compatible
#                        API at HTTP (e.g. http://127.0.0.1:8500) and queried at DNS (e.g. 127.0.0.1:8600).
#
# Usage: bench/dns/compare.sh [--seconds 30] [--warmup 3] [--clients 16] [--services 1000]
#                             [--registry-port 18653] [--bind-port 18654] [--server HTTP DNS]
# Figures only mean something on an otherwise idle machine; record them with the machine facts in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=30 warmup=3 clients=16 services=1000 registry_port=18653 bind_port=18654 server_http="" server_dns=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --services) services=$2; shift 2 ;;
    --registry-port) registry_port=$2; shift 2 ;;
    --bind-port) bind_port=$2; shift 2 ;;
    --server) server_http=$2; server_dns=$3; shift 3 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in named dnsperf dig dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run scripts/setup.sh" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Polls with dig until the server answers the SOA of consul., for at most 60 s.
wait_for_dns() { # host port name
  for _ in $(seq 1 120); do
    if dig @"$1" -p "$2" +tries=1 +time=1 +short consul. SOA 2>/dev/null | grep -q hostmaster; then return 0; fi
    sleep 0.5
  done
  echo "$3 did not answer on $1:$2" >&2
  exit 1
}

dotnet build bench/Registry.Bench.Micro -c Release -nologo -v quiet >/dev/null
host_dll=bench/Registry.Bench.Micro/bin/Release/net10.0/Registry.Bench.Micro.dll

if [ -z "$server_http" ]; then
  dotnet "$host_dll" dns-host --port "$registry_port" --services "$services" --export "$work" >"$work/registry.log" 2>&1 &
  pids+=($!)
  registry_host=127.0.0.1
  wait_for_dns "$registry_host" "$registry_port" "the Registry DNS bench host"
else
  dotnet "$host_dll" dns-host --services "$services" --export "$work" --export-only true >/dev/null
  registry_host=${server_dns%:*} registry_port=${server_dns##*:}
  # One Consul registration per instance, as the bench host's synthetic catalog has them.
  while read -r body; do
    curl -fsS -X PUT --data "$body" "$server_http/v1/agent/service/register" >/dev/null
  done <"$work/register.ndjson"
  wait_for_dns "$registry_host" "$registry_port" "the Registry server"
fi

mkdir -p "$work/bind"
cp "$work/consul.zone" "$work/bind/consul.zone"
cat >"$work/bind/named.conf" <<CONF
options {
  directory "$work/bind";
  pid-file "$work/bind/named.pid";
  listen-on port $bind_port { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  allow-query { any; };
  dnssec-validation no;
  notify no;
};
controls { };
zone "consul" { type primary; file "$work/bind/consul.zone"; };
CONF
named -g -c "$work/bind/named.conf" >"$work/bind/named.log" 2>&1 &
pids+=($!)
wait_for_dns 127.0.0.1 "$bind_port" "BIND (log: named.log)"

# Same answers on both sides before anything is timed.
for name in "svc-0001.service.consul A" "svc-0001.service.consul SRV"; do
  # shellcheck disable=SC2086
  ours=$(dig @"$registry_host" -p "$registry_port" +short $name | sort)
  # shellcheck disable=SC2086
  theirs=$(dig @127.0.0.1 -p "$bind_port" +short $name | sort)
  [ "$ours" = "$theirs" ] || { echo "answers differ for $name:"; echo "$ours"; echo "--- BIND:"; echo "$theirs"; exit 1; }
done

run() { # label host port
  dnsperf -s "$2" -p "$3" -d "$work/queries.txt" -c "$clients" -l "$warmup" >/dev/null 2>&1 || true
  dnsperf -s "$2" -p "$3" -d "$work/queries.txt" -c "$clients" -l "$seconds" >"$work/$1.perf" 2>&1
  qps=$(sed -nE 's/^ *Queries per second: *([0-9.]+).*/\1/p' "$work/$1.perf")
  lost=$(sed -nE 's/^ *Queries lost: *([0-9]+).*/\1/p' "$work/$1.perf")
  printf '%-9s %10s queries/s  (%s lost)\n' "$1" "$qps" "$lost"
  echo "$qps" >"$work/$1.qps"
}

echo "dnsperf -c $clients, ${seconds}s after ${warmup}s warm-up, $services services x 3 instances, A/SRV mix"
run Registry "$registry_host" "$registry_port"
run BIND 127.0.0.1 "$bind_port"
awk -v r="$(cat "$work/Registry.qps")" -v b="$(cat "$work/BIND.qps")" 'BEGIN { if (b > 0) printf "Registry/BIND: %.0f%%\n", 100 * r / b }'
