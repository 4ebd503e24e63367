#!/usr/bin/env bash
# Runs the cluster benchmarks (bench/Fleet.Benchmarks/Cluster) against a throwaway RabbitMQ node on loopback, the
# same way the tests start one, and stops it at the end. Extra arguments go to the benchmark, e.g.
#   scripts/bench-cluster.sh                      # round trips, batching throughput, arm capacity
#   scripts/bench-cluster.sh --round-trip-jpeg    # round trips only (variants interleaved round by round)
#   scripts/bench-cluster.sh --round-trip-jpeg --variant "passed through, reused"   # one variant (+ state only) alone
#   scripts/bench-cluster.sh --round-trip-stages  # where a 2-camera request's time goes, stage by stage
#   scripts/bench-cluster.sh --broker-busy-wait --round-trip-jpeg
#       the same with the broker's Erlang schedulers busy-waiting as plain Erlang does (+sbwt medium +sbwtdcpu medium
#       +sbwtdio medium, through RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS). RabbitMQ's own default is +sbwt none +sbwtdcpu
#       none +sbwtdio none (the script prints what the broker's VM runs with); run both alternately to compare.
# Needs rabbitmq-server (scripts/setup-cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/sbin/rabbitmq-server ]]; then
  echo "bench-cluster: rabbitmq-server is not installed; run scripts/setup-cluster.sh first." >&2
  exit 2
fi

args=()
for a in "$@"; do
  if [[ "$a" == "--broker-busy-wait" ]]; then
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt medium +sbwtdcpu medium +sbwtdio medium"
  else
    args+=("$a")
  fi
done

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dir=$(mktemp -d /tmp/fleet-bench-rabbit.XXXXXX)
chmod 777 "$dir"
echo '[].' > "$dir/enabled_plugins"
chmod 666 "$dir/enabled_plugins"
port=$(free_port)
export RABBITMQ_NODENAME="fleet-bench-$$@localhost"
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT="$(free_port)"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE="$dir/mnesia"
export RABBITMQ_LOG_BASE="$dir/log"
export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
export ERL_EPMD_ADDRESS=127.0.0.1

stop_broker() {
  /usr/sbin/rabbitmqctl -n "$RABBITMQ_NODENAME" stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop_broker EXIT

/usr/sbin/rabbitmq-server -detached
for _ in $(seq 1 120); do
  /usr/sbin/rabbitmqctl -n "$RABBITMQ_NODENAME" await_startup --timeout 60 >/dev/null 2>&1 && break
  sleep 1
done
for p in $(pgrep -x beam.smp || true); do
  if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=${RABBITMQ_NODENAME}"; then
    echo "bench-cluster: the broker's Erlang VM runs with: $(tr '\0' ' ' < "/proc/$p/cmdline" | grep -o -- '-sbwt[a-z]* [a-z_]*' | tr '\n' ' ')"
  fi
done
echo "bench-cluster: broker $RABBITMQ_NODENAME on 127.0.0.1:$port, extra Erlang args: '${RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS:-none}'; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# FLEET_BENCH_NO_BUILD=1 runs the Release build already there (e.g. while sources are being edited between runs).
dotnet run -c Release ${FLEET_BENCH_NO_BUILD:+--no-build} --project bench/Fleet.Benchmarks -- --cluster --broker "amqp://guest:guest@127.0.0.1:$port/" "${args[@]}"
# The broker's own CPU time over the run (busy-waiting schedulers burn CPU the benchmark and other processes lack).
# beam.smp carries the node name in its environment, not on its command line.
beam=""
for p in $(pgrep -x beam.smp || true); do
  if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=${RABBITMQ_NODENAME}"; then beam=$p; fi
done
if [[ -n "$beam" && -r "/proc/$beam/stat" ]]; then
  ticks=$(awk '{print $14 + $15}' "/proc/$beam/stat")
  echo "bench-cluster: broker CPU time since its start: $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s"
fi
echo "bench-cluster: load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
