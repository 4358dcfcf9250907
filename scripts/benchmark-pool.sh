#!/usr/bin/env bash
# The warm pool measured (docs/benchmark.md#warm-pool): builds the two services, starts them on the
# machine's PostgreSQL and RabbitMQ in an AUTH database, a SHARED database and a virtual host of
# their own, on ports 18180–18182, with the pool at SIZE, and runs scripts/PoolBenchmark.java.
#   scripts/benchmark-pool.sh [SIZE] [N]      # defaults 4, 10
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4}; N=${2:-10}
OUT=target/benchmark-pool; mkdir -p "$OUT"
VHOST=bench-pool
AUTH=erp_topsteel_auth_bench_pool

[[ ${SKIP_BUILD:-} == true ]] || ./mvnw -q -B -DskipTests -pl api-gateway,provisioning-worker -am package
for db in $AUTH erp_topsteel_shared_bench_pool; do
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "create database $db"
done
rabbitmqctl add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

pids=()
stop_services() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
trap stop_services EXIT

export PROVISIONING_POSTGRES_AUTH_DATABASE=$AUTH
export PROVISIONING_POSTGRES_SHARED_DATABASE=erp_topsteel_shared_bench_pool
export PROVISIONING_TENANT_POOL_SIZE=$SIZE
export RABBITMQ_VHOST=$VHOST GATEWAY_PORT=18180 GATEWAY_MANAGEMENT_PORT=18182 WORKER_PORT=18181 JOBRUNR_DASHBOARD_ENABLED=false
for port in 18180 18181 18182; do
  ! ss -ltn "sport = :$port" | grep -q LISTEN || { echo "port $port is taken: another system is running" >&2; exit 1; }
done
java -jar provisioning-worker/target/provisioning-worker-*-exec.jar >"$OUT/worker.log" 2>&1 &
pids+=($!)
java -jar api-gateway/target/api-gateway-*-exec.jar >"$OUT/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do
  curl -fsS http://127.0.0.1:18182/actuator/health/readiness >/dev/null 2>&1 \
    && curl -fsS http://127.0.0.1:18181/actuator/health/readiness >/dev/null 2>&1 && break
  sleep 1
done
sleep 5   # JIT and pools warm a little
BENCH_AUTH_DATABASE=$AUTH java scripts/PoolBenchmark.java http://127.0.0.1:18180 "$SIZE" "$N" | tee "$OUT/run-$(date -u +%H%M%S).txt"
