#!/usr/bin/env bash
# Verifies that the job's remote writes arrived in Prometheus: one ✓/✗ line per expected series,
# with the PromQL it ran. Exit code 0 only if every expected series is there.
#
#   ./check-metrics.sh                    # kubectl port-forward svc/prometheus, then query over mTLS
#   ./check-metrics.sh --url https://127.0.0.1:9090 --certs DIR --no-port-forward [--wait 0]
#
# Prometheus requires a client certificate on every request (RequireAndVerifyClientCert), so the
# queries use the job's client certificate from --certs (default: ./certs from generate-certs.sh).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
URL="https://127.0.0.1:9090"
CERTS="$HERE/certs"
NAMESPACE="prometheus-demo"
PORT_FORWARD=1
WAIT="${WAIT:-60}"
SERVER_NAME="prometheus"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --certs) CERTS="$2"; shift 2 ;;
    --namespace) NAMESPACE="$2"; shift 2 ;;
    --no-port-forward) PORT_FORWARD=0; shift ;;
    --wait) WAIT="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

# Expected series, as the pipeline config names them (see README.md, "Expected series"):
#  - the transform renames only ^(http_requests|cpu_usage|memory_usage).* -> otel_ prefix;
#    orders_processed_total keeps its name (the blueprint looked for otel_orders_processed_total);
#  - gauges with unit "1" get the _ratio suffix (add_metric_suffixes defaults to true).
QUERIES=(
  'otel_http_requests_total{source="opentelemetry",environment="demo"}'
  'otel_cpu_usage_percent_ratio{source="opentelemetry",environment="demo"}'
  'otel_memory_usage_percent_ratio{source="opentelemetry",environment="demo"}'
  'orders_processed_total{source="opentelemetry",environment="demo"}'
  'target_info{job="metrics-generator"}'
)

PF_PID=""
cleanup() { [[ -n "$PF_PID" ]] && kill "$PF_PID" 2>/dev/null || true; }
trap cleanup EXIT

if [[ $PORT_FORWARD -eq 1 ]]; then
  kubectl -n "$NAMESPACE" port-forward svc/prometheus 9090:9090 >/dev/null 2>&1 &
  PF_PID=$!
  sleep 3
fi

# Connect to URL's host but verify the certificate against SERVER_NAME (a SAN of the server cert).
host_port="${URL#https://}"; host_port="${host_port%%/*}"
port="${host_port##*:}"; host="${host_port%:*}"
CURL=(curl -sS --fail --max-time 10 --cacert "$CERTS/ca.crt" --cert "$CERTS/client.crt" --key "$CERTS/client.key")
if [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]]; then
  CURL+=(--connect-to "$SERVER_NAME:$port:$host:$port"); BASE="https://$SERVER_NAME:$port"
else
  BASE="$URL"
fi

count_results() { # stdin: Prometheus query JSON -> number of series in data.result
  if command -v jq >/dev/null; then jq -r '.data.result | length'
  else python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["result"]))'; fi
}
query() { "${CURL[@]}" -G "$BASE/api/v1/query" --data-urlencode "query=$1"; }

if [[ "$WAIT" -gt 0 ]]; then
  echo "waiting up to ${WAIT}s for the series to arrive ..."
  deadline=$(( $(date +%s) + WAIT ))
  while (( $(date +%s) < deadline )); do
    n=$(query "${QUERIES[0]}" 2>/dev/null | count_results 2>/dev/null || echo 0)
    [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]] && break
    sleep 5
  done
fi

echo "Prometheus $URL (mTLS, client certificate $CERTS/client.crt):"
missing=0
for q in "${QUERIES[@]}"; do
  n=$(query "$q" 2>/dev/null | count_results 2>/dev/null || echo "error")
  if [[ "$n" =~ ^[0-9]+$ && "$n" -gt 0 ]]; then
    echo "  ✓ $q  ($n series)"
  else
    echo "  ✗ $q  (${n:-0} series)"; missing=$((missing + 1))
  fi
done

# The sink's own accounting, if Prometheus scrapes Flink's metrics reporter (in Kubernetes it does).
for m in samples_sent_total requests_failed_total samples_dropped_total; do
  q="sum(flink_taskmanager_job_task_operator_prometheus_remote_write_${m})"
  v=$(query "$q" 2>/dev/null | { if command -v jq >/dev/null; then jq -r '.data.result[0].value[1] // "n/a"'; else python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "n/a")'; fi; } 2>/dev/null || echo n/a)
  echo "  sink $m: $v   ($q)"
done

if [[ $missing -eq 0 ]]; then echo "all expected series found"; else echo "$missing expected series missing"; fi
exit $(( missing > 0 ))
