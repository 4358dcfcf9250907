#!/usr/bin/env bash
# Tracing's cost, measured in one run: the two services started alternately with tracing off
# (MANAGEMENT_TRACING_EXPORT_ENABLED=false: no span, no propagation) and on (every run sampled,
# spans exported over OTLP to scripts/OtlpSink.java), ROUNDS times each, and scripts/Benchmark.java
# (N sociétés at concurrency C) against each. Prints every round's 202 → SUCCEEDED p50 and the
# median per mode. Uses the machine's PostgreSQL and RabbitMQ, in an AUTH database, a SHARED
# database and a virtual host of its own, on ports of its own (18080-18082), so a ./run.sh
# running beside it is not disturbed.
#   scripts/benchmark-tracing.sh [ROUNDS=3] [N=10] [C=1]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; N=${2:-10}; C=${3:-1}
OUT=target/benchmark-tracing; mkdir -p "$OUT"
VHOST=bench-tracing

./mvnw -q -B -DskipTests -pl api-gateway,provisioning-worker -am package
# created here: both services would otherwise race to create a missing AUTH database at their first start
for db in erp_topsteel_auth_bench_tracing erp_topsteel_shared_bench_tracing; do
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "create database $db"
done
rabbitmqctl add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

pids=()
stop_services() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
java scripts/OtlpSink.java 14318 >"$OUT/otlp-sink.log" 2>&1 &
sink=$!
trap 'stop_services; kill $sink 2>/dev/null || true' EXIT

export PROVISIONING_POSTGRES_AUTH_DATABASE=erp_topsteel_auth_bench_tracing
export PROVISIONING_POSTGRES_SHARED_DATABASE=erp_topsteel_shared_bench_tracing
export RABBITMQ_VHOST=$VHOST GATEWAY_PORT=18080 GATEWAY_MANAGEMENT_PORT=18082 WORKER_PORT=18081 JOBRUNR_DASHBOARD_ENABLED=false

start_services() {  # $1: off | on
  local tracing=()
  if [[ $1 == off ]]; then
    tracing=(MANAGEMENT_TRACING_EXPORT_ENABLED=false)
  else
    tracing=(TRACING_SAMPLING_PROBABILITY=1.0 MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT=http://127.0.0.1:14318/v1/traces)
  fi
  env "${tracing[@]}" java -jar provisioning-worker/target/provisioning-worker-*-exec.jar >"$OUT/worker-$1.log" 2>&1 &
  pids+=($!)
  env "${tracing[@]}" java -jar api-gateway/target/api-gateway-*-exec.jar >"$OUT/gateway-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do
    curl -fsS http://127.0.0.1:18082/actuator/health/readiness >/dev/null 2>&1 \
      && curl -fsS http://127.0.0.1:18081/actuator/health/readiness >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "services did not start; see $OUT" >&2; exit 1
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    start_services "$mode"
    sleep 5   # JIT and pools warm a little, the same for both
    echo "== round $round, tracing $mode"
    java scripts/Benchmark.java http://127.0.0.1:18080 "$N" "$C" | tee "$OUT/round-$round-$mode.txt" | grep -E "endToEndP50|acceptP50|ratio" || true
    cp benchmark-results.json "$OUT/round-$round-$mode.json"
    stop_services
  done
done
rm -f benchmark-results.json

echo "== 202 → SUCCEEDED p50 per round (ms)"
for mode in off on; do
  values=$(for f in "$OUT"/round-*-"$mode".json; do grep -o '"endToEndP50Ms": *[0-9]*' "$f" | grep -o '[0-9]*$'; done | sort -n | tr '\n' ' ')
  echo "tracing $mode: $values(median $(echo $values | tr ' ' '\n' | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'))"
done
