#!/usr/bin/env bash
# Load test of the public pages with a large database, on loopback only.
#   [CONNS=32] scripts/loadtest.sh [DOSSIERS] [SECONDS]
# Builds motcua, fills ./loadtest-data with DOSSIERS dossiers (default
# 1,000,000; reused when present), serves it, and runs wrk against the
# catalogue, a procedure page and the status lookup (form and result),
# printing requests per second and the 50th, 95th and 99th percentile latency.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
secs=${2:-15}
data=./loadtest-data
port=18099
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 2; }

CGO_ENABLED=0 go build -o /tmp/motcua-load ./cmd/motcua
if [ ! -f "$data/lookup.txt" ]; then
  rm -rf "$data"
  go run ./cmd/loadfixture --data "$data" --dossiers "$n" > "$data.lookup.tmp"
  mv "$data.lookup.tmp" "$data/lookup.txt"
fi
read -r code last4 < "$data/lookup.txt"
echo "database: $(du -sh "$data" | cut -f1), lookup of $code"

/tmp/motcua-load serve --data "$data" --addr "127.0.0.1:$port" --log-level warn &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f /tmp/motcua-load-*.lua' EXIT
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.1; done

cat > /tmp/motcua-load-report.lua <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("  %.0f req/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
token=loadtest-token-0123456789abcdefghijklmnop
cat > /tmp/motcua-load-lookup.lua <<LUA
wrk.method = "POST"
wrk.body = "csrf=$token&ma=$code&so=$last4"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "motcua_csrf=$token"
$(cat /tmp/motcua-load-report.lua)
LUA

conns=${CONNS:-32}
run() { echo "$1 ($conns connections)"; wrk -t2 -c"$conns" -d"${secs}s" -s "$3" "http://127.0.0.1:$port$2" | tail -n 1; }
run "catalogue (GET /?q=dang+ky)"        "/?q=dang+ky"             /tmp/motcua-load-report.lua
run "procedure (GET /thu-tuc/1.001193)"  "/thu-tuc/1.001193"       /tmp/motcua-load-report.lua
run "lookup form (GET /tra-cuu?ma=...)"  "/tra-cuu?ma=$code"       /tmp/motcua-load-report.lua
run "lookup result (POST /tra-cuu)"      "/tra-cuu"                /tmp/motcua-load-lookup.lua
