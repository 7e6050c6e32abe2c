#!/usr/bin/env bash
# Generates the demo PKI into OUT_DIR (default: ./certs next to this script):
#   ca.crt / ca.key          a CA (the only self-signed certificate)
#   server.crt / server.key  Prometheus' serving certificate, SIGNED BY THE CA
#   client.crt / client.key  the Flink job's client certificate (mTLS), signed by the CA
# SANs of the server certificate: prometheus, prometheus.prometheus-demo.svc,
# prometheus.prometheus-demo.svc.cluster.local, plus $EXTRA_SANS (e.g. "DNS:localhost,IP:127.0.0.1").
# Keys are PKCS#8 PEM (what Java and Prometheus both read). Existing files are kept unless --force.
set -euo pipefail

OUT_DIR="${OUT_DIR:-$(cd "$(dirname "$0")" && pwd)/certs}"
NAMESPACE="${NAMESPACE:-prometheus-demo}"
DAYS="${DAYS:-825}"
EXTRA_SANS="${EXTRA_SANS:-}"
FORCE=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "unknown argument: $a" >&2; exit 2 ;;
  esac
done

command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }
mkdir -p "$OUT_DIR"
cd "$OUT_DIR"

if [[ -f ca.crt && -f server.crt && -f client.crt && $FORCE -eq 0 ]]; then
  echo "certificates already in $OUT_DIR (use --force to regenerate)"
  exit 0
fi

SANS="DNS:prometheus,DNS:prometheus.${NAMESPACE}.svc,DNS:prometheus.${NAMESPACE}.svc.cluster.local"
[[ -n "$EXTRA_SANS" ]] && SANS="${SANS},${EXTRA_SANS}"

umask 077
# CA
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days "$DAYS" -out ca.crt -subj "/CN=otel-flink demo CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

sign() { # name CN extfile
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$2"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days "$DAYS" \
    -extfile "$3" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$3"
}

# Prometheus server certificate (clientAuth too, so Prometheus can scrape its own TLS endpoint with it)
cat > server.ext <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=${SANS}
EXT
sign server prometheus server.ext

# Client certificate of the Flink job
cat > client.ext <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT
sign client otel-flink-job client.ext
rm -f ca.srl
chmod 644 ca.crt server.crt client.crt
chmod 600 ca.key server.key client.key

openssl verify -CAfile ca.crt server.crt client.crt
echo "server SANs: ${SANS}"
echo "files in ${OUT_DIR}: ca.crt ca.key server.crt server.key client.crt client.key"
