#!/usr/bin/env bash
# Builds and starts the whole system: the provisioning worker and the api-gateway.
#  - PostgreSQL and RabbitMQ configured (POSTGRES_HOST/POSTGRES_PORT, RABBITMQ_HOST/RABBITMQ_PORT) or listening
#    on 127.0.0.1:5432 and :5672: the two services, each in its own JVM, against them (logs in logs/).
#  - Either missing: the local stack, one JVM that embeds what the machine lacks — a PostgreSQL server
#    fetched as Maven artifacts (data kept in .local-stack/postgres) and/or an AMQP broker (Apache Qpid
#    Broker-J, messages in memory) — and runs both services against them (log in logs/local-stack.log).
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

GATEWAY_PORT="${GATEWAY_PORT:-8080}"
GATEWAY_MANAGEMENT_PORT="${GATEWAY_MANAGEMENT_PORT:-8082}"
export GATEWAY_PORT GATEWAY_MANAGEMENT_PORT

reachable() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

embed=()
# A service configured but unreachable is an error; one neither configured nor on its usual port is embedded.
check() {
  local name=$1 host=$2 port=$3 usual_port=$4 embed_name=$5
  if [[ -n "$host$port" ]]; then
    if ! reachable "${host:-127.0.0.1}" "${port:-$usual_port}"; then
      echo "$name is configured but not reachable on ${host:-127.0.0.1}:${port:-$usual_port}." >&2
      exit 1
    fi
  elif ! reachable 127.0.0.1 "$usual_port"; then
    embed+=("$embed_name")
  fi
}
check PostgreSQL "${POSTGRES_HOST:-}" "${POSTGRES_PORT:-}" 5432 postgres
check RabbitMQ "${RABBITMQ_HOST:-}" "${RABBITMQ_PORT:-}" 5672 rabbitmq

mkdir -p logs
if (( ${#embed[@]} > 0 )); then
  echo "Not configured and not on their usual ports: ${embed[*]}. Building the local stack, which embeds them..."
  ./mvnw -q -B -DskipTests -pl local-stack -am package
  LOCAL_STACK_EMBED=$(IFS=,; echo "${embed[*]}")
  export LOCAL_STACK_EMBED
  exec java -jar local-stack/target/local-stack-*-exec.jar
fi

./mvnw -q -B -DskipTests -pl api-gateway,provisioning-worker -am package

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

java -jar provisioning-worker/target/provisioning-worker-*-exec.jar >logs/provisioning-worker.log 2>&1 &
pids+=($!)
java -jar api-gateway/target/api-gateway-*-exec.jar >logs/api-gateway.log 2>&1 &
pids+=($!)

echo "Starting (logs in logs/api-gateway.log and logs/provisioning-worker.log)..."
api="http://127.0.0.1:${GATEWAY_PORT}"
management="http://127.0.0.1:${GATEWAY_MANAGEMENT_PORT}"
for _ in $(seq 1 120); do
  if curl -fsS "$management/actuator/health" >/dev/null 2>&1; then
    cat <<MSG
TopSteel tenant provisioning is running.
  API:                $api/api/societes  (keys: topsteel-dev-client-key, topsteel-dev-ops-key)
  Console:            $api/console/  (create and follow sociétés; log in with either key)
  Ops page:           $api/ops/  (log in with an ops API key, e.g. topsteel-dev-ops-key)
  Swagger UI:         $api/swagger-ui.html
  JobRunr dashboard:  http://127.0.0.1:${JOBRUNR_DASHBOARD_PORT:-8000}/dashboard  (user ${JOBRUNR_DASHBOARD_USERNAME:-ops}, password JOBRUNR_DASHBOARD_PASSWORD, topsteel-dev-dashboard by default)
  Worker health:      http://127.0.0.1:${WORKER_PORT:-8081}/actuator/health
  Gateway health:     $management/actuator/health  (metrics: $management/actuator/prometheus)
  PostgreSQL:         ${POSTGRES_HOST:-127.0.0.1}:${POSTGRES_PORT:-5432}
  RabbitMQ:           ${RABBITMQ_HOST:-127.0.0.1}:${RABBITMQ_PORT:-5672}
  Logs:               logs/api-gateway.log, logs/provisioning-worker.log
  Traces:             ${MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT:-not exported (set MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT, e.g. http://localhost:4318/v1/traces)}
  Try it:             java scripts/TestTenantApi.java $api
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
