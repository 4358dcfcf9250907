#!/usr/bin/env bash
# Backups and restores measured (docs/benchmark.md#backups): builds the two services, starts them on the
# machine's PostgreSQL and RabbitMQ in an AUTH database, a SHARED database and a virtual host of their
# own, on ports 18280–18282, with a backup directory of their own, and runs scripts/BackupBenchmark.java.
#   scripts/benchmark-backup.sh [N] [R]      # defaults 3, 500000
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-3}; R=${2:-500000}
OUT=target/benchmark-backup; mkdir -p "$OUT/store"
VHOST=bench-backup
AUTH=erp_topsteel_auth_bench_backup

[[ ${SKIP_BUILD:-} == true ]] || ./mvnw -q -B -DskipTests -pl api-gateway,provisioning-worker -am package
for db in $AUTH erp_topsteel_shared_bench_backup; do
  psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "create database $db"
done
rabbitmqctl add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

pids=()
stop_services() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
trap stop_services EXIT

export PROVISIONING_POSTGRES_AUTH_DATABASE=$AUTH
export PROVISIONING_POSTGRES_SHARED_DATABASE=erp_topsteel_shared_bench_backup
export PROVISIONING_BACKUPS_DIRECTORY=$PWD/$OUT/store PROVISIONING_BACKUPS_SCHEDULED=false
export RABBITMQ_VHOST=$VHOST GATEWAY_PORT=18280 GATEWAY_MANAGEMENT_PORT=18282 WORKER_PORT=18281 JOBRUNR_DASHBOARD_ENABLED=false
for port in 18280 18281 18282; do
  ! ss -ltn "sport = :$port" | grep -q LISTEN || { echo "port $port is taken: another system is running" >&2; exit 1; }
done
java -jar provisioning-worker/target/provisioning-worker-*-exec.jar >"$OUT/worker.log" 2>&1 &
pids+=($!)
java -jar api-gateway/target/api-gateway-*-exec.jar >"$OUT/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do
  curl -fsS http://127.0.0.1:18282/actuator/health/readiness >/dev/null 2>&1 \
    && curl -fsS http://127.0.0.1:18281/actuator/health/readiness >/dev/null 2>&1 && break
  sleep 1
done
sleep 5   # JIT and pools warm a little
java scripts/BackupBenchmark.java http://127.0.0.1:18280 "$N" "$R" | tee "$OUT/run-$(date -u +%H%M%S).txt"
