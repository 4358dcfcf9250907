#!/usr/bin/env bash
# Builds and starts the provisioning worker and the api-gateway against PostgreSQL and RabbitMQ
# (127.0.0.1:5432 and :5672 unless POSTGRES_HOST/PORT, RABBITMQ_HOST/PORT say otherwise).
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
export GATEWAY_PORT

for service in "${POSTGRES_HOST:-127.0.0.1}:${POSTGRES_PORT:-5432}:PostgreSQL" "${RABBITMQ_HOST:-127.0.0.1}:${RABBITMQ_PORT:-5672}:RabbitMQ"; do
  IFS=: read -r host port name <<<"$service"
  if ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "$name is not reachable on $host:$port: start it first (see README, Requirements)." >&2
    exit 1
  fi
done

./mvnw -q -B -DskipTests package

mkdir -p logs
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

java -jar provisioning-worker/target/provisioning-worker-*-exec.jar >logs/provisioning-worker.log 2>&1 &
pids+=($!)
java -jar api-gateway/target/api-gateway-*-exec.jar >logs/api-gateway.log 2>&1 &
pids+=($!)

echo "Starting (logs in logs/api-gateway.log and logs/provisioning-worker.log)..."
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:${GATEWAY_PORT}/actuator/health" >/dev/null 2>&1; then
    cat <<MSG
TopSteel tenant provisioning is running.
  API:     http://127.0.0.1:${GATEWAY_PORT}/api/societes
  Ops:     http://127.0.0.1:${GATEWAY_PORT}/ops/   (log in with an ops API key, e.g. topsteel-dev-ops-key)
  API doc: http://127.0.0.1:${GATEWAY_PORT}/swagger-ui.html
  JobRunr: http://127.0.0.1:8000/dashboard
  Health:  http://127.0.0.1:${GATEWAY_PORT}/actuator/health
  Try it:  java scripts/TestTenantApi.java http://127.0.0.1:${GATEWAY_PORT}
Press Ctrl-C to stop.
MSG
    wait -n "${pids[@]}"
    echo "A service stopped; see logs/." >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A service failed to start; see logs/." >&2; tail -n 30 logs/*.log >&2; exit 1; }
  done
  sleep 1
done
echo "The gateway did not become healthy in 120 s; see logs/." >&2
exit 1
