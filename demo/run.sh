#!/usr/bin/env bash
# One-command local demo of the blueprint on this project, no Docker or Kubernetes needed:
#   builds the job jar if needed, installs the Debian `prometheus` package if missing, generates a
#   CA + server + client certificate (k8s/generate-certs.sh), starts Prometheus on 127.0.0.1 with
#   the remote-write receiver behind mTLS, starts the Flink job (MiniCluster) with the blueprint's
#   config adapted to local endpoints, runs the blueprint's metrics generator for about a minute,
#   then verifies the series in Prometheus and stops everything it started (also on Ctrl-C).
#
#   demo/run.sh [--keep] [--duration SECONDS]
#     --keep      leave Prometheus and the job running and print their addresses
#     --duration  how long the generator runs (default 60)
# Ports (override with env): PROM_PORT=19090 OTLP_HTTP_PORT=4318 OTLP_GRPC_PORT=4317 FLINK_REST_PORT=18081
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${DEMO_DIR:-$ROOT/demo/.run}"
JAR="$ROOT/job/target/otel-flink-job-0.1.0-SNAPSHOT.jar"
PROM_PORT="${PROM_PORT:-19090}"
OTLP_HTTP_PORT="${OTLP_HTTP_PORT:-4318}"
OTLP_GRPC_PORT="${OTLP_GRPC_PORT:-4317}"
FLINK_REST_PORT="${FLINK_REST_PORT:-18081}"
DURATION=60
INTERVAL="${INTERVAL:-5}"
KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
die() { echo "ERROR: $*" >&2; exit 1; }

PROM_PID=""
JOB_PID=""
VERIFIED=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ $KEEP -eq 1 && $VERIFIED -eq 1 ]]; then return; fi
  if [[ -n "$JOB_PID" ]] && kill -0 "$JOB_PID" 2>/dev/null; then
    echo "stopping the job (pid $JOB_PID, SIGTERM: stop with savepoint) ..."
    kill -TERM "$JOB_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$JOB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$JOB_PID" 2>/dev/null && kill -KILL "$JOB_PID" 2>/dev/null || true
  fi
  if [[ -n "$PROM_PID" ]] && kill -0 "$PROM_PID" 2>/dev/null; then
    echo "stopping Prometheus (pid $PROM_PID) ..."
    kill -TERM "$PROM_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$PROM_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$PROM_PID" 2>/dev/null && kill -KILL "$PROM_PID" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "interrupted"; exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$PROM_PORT" "$OTLP_HTTP_PORT" "$OTLP_GRPC_PORT" "$FLINK_REST_PORT"; do
  port_free "$p" || die "port $p on 127.0.0.1 is in use (set PROM_PORT/OTLP_HTTP_PORT/OTLP_GRPC_PORT/FLINK_REST_PORT)"
done
for tool in java curl openssl; do command -v "$tool" >/dev/null || die "$tool is required"; done

step "1/6 job jar"
if [[ ! -f "$JAR" ]]; then
  command -v mvn >/dev/null || die "mvn is required to build the job"
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi
echo "$JAR"

step "2/6 Prometheus (and jq)"
MISSING=()
command -v prometheus >/dev/null || MISSING+=(prometheus)
command -v jq >/dev/null || MISSING+=(jq)
if [[ ${#MISSING[@]} -gt 0 ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "installing ${MISSING[*]} (Debian packages) ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi
prometheus --version 2>&1 | head -1

step "3/6 certificates (CA, server with SANs prometheus/localhost/127.0.0.1, client for the job)"
mkdir -p "$WORK"
OUT_DIR="$WORK/certs" EXTRA_SANS="DNS:localhost,IP:127.0.0.1" "$ROOT/k8s/generate-certs.sh"
CERTS="$WORK/certs"

step "4/6 start Prometheus on https://127.0.0.1:$PROM_PORT (remote-write receiver, client certificates required)"
rm -rf "$WORK/prometheus-data"
mkdir -p "$WORK/prometheus-data"
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: prometheus
    scheme: https
    tls_config:
      ca_file: $CERTS/ca.crt
      cert_file: $CERTS/server.crt
      key_file: $CERTS/server.key
      server_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROM_PORT']
YAML
cat > "$WORK/web-config.yml" <<YAML
tls_server_config:
  cert_file: $CERTS/server.crt
  key_file: $CERTS/server.key
  client_ca_file: $CERTS/ca.crt
  client_auth_type: RequireAndVerifyClientCert
  min_version: TLS12
YAML
prometheus --config.file="$WORK/prometheus.yml" --web.config.file="$WORK/web-config.yml" \
  --storage.tsdb.path="$WORK/prometheus-data" --web.listen-address="127.0.0.1:$PROM_PORT" \
  --web.enable-remote-write-receiver --enable-feature=native-histograms \
  >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
PCURL=(curl -sS --fail --max-time 5 --cacert "$CERTS/ca.crt" --cert "$CERTS/client.crt" --key "$CERTS/client.key")
for i in $(seq 1 60); do
  "${PCURL[@]}" -o /dev/null "https://localhost:$PROM_PORT/-/ready" 2>/dev/null && break
  kill -0 "$PROM_PID" 2>/dev/null || { tail -20 "$WORK/prometheus.log"; die "Prometheus exited"; }
  [[ $i -eq 60 ]] && { tail -20 "$WORK/prometheus.log"; die "Prometheus not ready after 30s"; }
  sleep 0.5
done
echo "ready (pid $PROM_PID); without a client certificate it refuses:"
curl -sS --max-time 5 --cacert "$CERTS/ca.crt" -o /dev/null "https://localhost:$PROM_PORT/-/ready" 2>&1 | sed 's/^/  /' || true

step "5/6 start the Flink job (OTLP on 127.0.0.1:$OTLP_HTTP_PORT http / :$OTLP_GRPC_PORT grpc)"
# The blueprint's collector config, adapted: local endpoints and file paths; the self-scrape
# receiver (prometheus/self) is dropped (the job is not a Collector with a :8888 endpoint).
cat > "$WORK/pipeline.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$OTLP_GRPC_PORT
      http:
        endpoint: 127.0.0.1:$OTLP_HTTP_PORT
processors:
  batch:
    timeout: 5s
    send_batch_size: 1024
  memory_limiter:
    check_interval: 1s
    limit_percentage: 75
    spike_limit_percentage: 15
  resource:
    attributes:
      - key: cluster.name
        value: "prometheus-demo-cluster"
        action: upsert
      - key: exporter.type
        value: "prometheus-remote-write"
        action: upsert
  transform:
    metric_statements:
      - context: metric
        statements:
          - set(name, "otel_" + name) where name matches "^(http_requests|cpu_usage|memory_usage).*"
      - context: datapoint
        statements:
          - set(attributes["source"], "opentelemetry")
          - set(attributes["environment"], "demo")
exporters:
  prometheusremotewrite:
    endpoint: "https://localhost:$PROM_PORT/api/v1/write"
    tls:
      ca_file: $CERTS/ca.crt
      cert_file: $CERTS/client.crt
      key_file: $CERTS/client.key
      insecure_skip_verify: false
    remote_write_queue:
      enabled: true
      queue_size: 2000
      num_consumers: 10
    resource_to_telemetry_conversion:
      enabled: true
    metric_relabels:
      - source_labels: [__name__]
        target_label: original_name
      - source_labels: [cluster.name]
        target_label: cluster
    target_info:
      enabled: true
    compression: snappy
    retry_on_failure:
      enabled: true
      initial_interval: 5s
      max_interval: 30s
      max_elapsed_time: 300s
  debug:
    verbosity: basic
service:
  pipelines:
    metrics:
      receivers: [otlp]
      processors: [memory_limiter, resource, transform, batch]
      exporters: [prometheusremotewrite, debug]
YAML
java -jar "$JAR" --validate --config "$WORK/pipeline.yaml" | sed 's/^/  /'
rm -rf "$WORK/state"
java -XX:+UseParallelGC -jar "$JAR" --config "$WORK/pipeline.yaml" --state-dir "$WORK/state" \
  -Drest.port="$FLINK_REST_PORT" -Drest.address=127.0.0.1 -Drest.bind-address=127.0.0.1 \
  >"$WORK/job.log" 2>&1 &
JOB_PID=$!
for i in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST -H 'Content-Type: application/json' \
    -d '{"resourceMetrics":[]}' "http://127.0.0.1:$OTLP_HTTP_PORT/v1/metrics" 2>/dev/null || true)
  [[ "$code" == "200" ]] && break
  kill -0 "$JOB_PID" 2>/dev/null || { tail -30 "$WORK/job.log"; die "the job exited"; }
  [[ $i -eq 120 ]] && { tail -30 "$WORK/job.log"; die "OTLP ingress not up after 60s"; }
  sleep 0.5
done
echo "job running (pid $JOB_PID), log $WORK/job.log"

step "6/6 metrics generator (the blueprint's workload, every ${INTERVAL}s for ${DURATION}s)"
OTEL_ENDPOINT="http://127.0.0.1:$OTLP_HTTP_PORT"
HOST=$(hostname)
FAILED_POSTS=0
send_metric() { # name value counter|gauge attributes-json
  local now data payload
  now="$(date +%s)000000000"
  if [[ "$3" == "counter" ]]; then
    data='"sum":{"dataPoints":[{"timeUnixNano":"'$now'","asInt":"'$2'","attributes":'$4'}],"aggregationTemporality":2,"isMonotonic":true}'
  else
    data='"gauge":{"dataPoints":[{"timeUnixNano":"'$now'","asDouble":'$2',"attributes":'$4'}]}'
  fi
  payload='{"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"metrics-generator"}},{"key":"host.name","value":{"stringValue":"'$HOST'"}}]},"scopeMetrics":[{"metrics":[{"name":"'$1'","unit":"1",'$data'}]}]}]}'
  curl -sS -f -o /dev/null --max-time 5 -X POST "$OTEL_ENDPOINT/v1/metrics" \
    -H "Content-Type: application/json" -d "$payload" 2>/dev/null || FAILED_POSTS=$((FAILED_POSTS + 1))
}
counter=0
orders=0
end=$(( $(date +%s) + DURATION ))
while (( $(date +%s) < end )); do
  counter=$((counter + 1))
  send_metric http_requests_total "$counter" counter '[{"key":"method","value":{"stringValue":"GET"}},{"key":"status_code","value":{"stringValue":"200"}}]'
  # printf keeps the leading 0 that bc drops (".34" is not JSON)
  cpu=$(printf '%d.%02d' $((RANDOM % 100)) $((RANDOM % 100)))
  send_metric cpu_usage_percent "$cpu" gauge '[{"key":"core","value":{"stringValue":"cpu0"}}]'
  mem=$(printf '%d.%02d' $((50 + RANDOM % 50)) $((RANDOM % 100)))
  send_metric memory_usage_percent "$mem" gauge '[{"key":"type","value":{"stringValue":"physical"}}]'
  orders=$((orders + RANDOM % 20 + 1))
  send_metric orders_processed_total "$orders" counter '[{"key":"region","value":{"stringValue":"us-west"}}]'
  printf '\r  batch %d: cpu=%s mem=%s orders=%d, %ds left, failed posts %d   ' \
    "$counter" "$cpu" "$mem" "$orders" $(( end - $(date +%s) )) "$FAILED_POSTS"
  sleep "$INTERVAL"
done
echo

step "verification"
sleep 7   # the batch processor flushes every 5s
set +e
"$ROOT/k8s/check-metrics.sh" --url "https://127.0.0.1:$PROM_PORT" --certs "$CERTS" --no-port-forward --wait 30 \
  | grep -v '^  sink '
VERIFY_RC=${PIPESTATUS[0]}
set -e
VERIFIED=1

# The sink's accounting, from the MiniCluster's REST API (operator metrics of the sink writer).
REST="http://127.0.0.1:$FLINK_REST_PORT"
jid=$(curl -sf "$REST/jobs" 2>/dev/null | jq -r '.jobs[] | select(.status=="RUNNING") | .id' 2>/dev/null | head -1 || true)
if [[ -n "$jid" ]]; then
  echo "sink, summed over its subtasks (Flink REST $REST/jobs/$jid):"
  for vid in $(curl -sf "$REST/jobs/$jid" | jq -r '.vertices[].id'); do
    ids=$(curl -sf "$REST/jobs/$jid/vertices/$vid/metrics" | jq -r '.[].id' \
      | grep -E 'prometheus_remote_write\.(samples_sent_total|samples_dropped_total|requests_total|requests_failed_total|samples_pending)$' \
      | paste -sd, - || true)
    [[ -z "$ids" ]] && continue
    curl -sf -G "$REST/jobs/$jid/vertices/$vid/metrics" --data-urlencode "get=$ids" \
      | jq -r 'map({name: (.id | sub("^.*\\.prometheus_remote_write\\."; "")), value: (.value | tonumber)})
               | group_by(.name)[] | "  \(.[0].name) = \(map(.value) | add)   (\(length) subtasks)"'
  done
else
  echo "sink counters: Flink REST API not reachable on $REST (see $WORK/job.log)"
fi
echo "generator: $counter batches, $FAILED_POSTS failed OTLP posts"

if [[ $KEEP -eq 1 ]]; then
  cat <<INFO

left running (--keep):
  Prometheus  https://127.0.0.1:$PROM_PORT  (pid $PROM_PID; client certificate required)
              curl --cacert $CERTS/ca.crt --cert $CERTS/client.crt --key $CERTS/client.key \\
                   'https://localhost:$PROM_PORT/api/v1/query?query=otel_http_requests_total'
  OTLP        http://127.0.0.1:$OTLP_HTTP_PORT/v1/metrics, grpc 127.0.0.1:$OTLP_GRPC_PORT  (job pid $JOB_PID)
  Flink UI    http://127.0.0.1:$FLINK_REST_PORT
  stop with   kill $JOB_PID $PROM_PID
INFO
fi
exit "$VERIFY_RC"
