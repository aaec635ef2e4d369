#!/usr/bin/env bash
# EXPLAIN (ANALYZE, BUFFERS) of every statement the province fixture's pages
# run, one request each after a warm-up one, with a summary per page: the
# number of statements, their summed execution time and the buffers of their
# plans (docs/performance.md, "A province on PostgreSQL").
#
#   scripts/bench-province-plans.sh DBNAME DATA_DIR [OUT_DIR]
#   PGLOG=/var/log/postgresql/postgresql-15-main.log scripts/bench-province-plans.sh bench10m ./bench10m-data
#
# It sets auto_explain on that database only (ALTER DATABASE ... SET
# session_preload_libraries, log_min_duration 0, log_analyze, log_buffers),
# serves it, requests the pages as scripts/bench-province.sh does, copies the
# server log's new lines per page to OUT_DIR/PAGE.log, and resets the
# database's settings on exit. It needs a superuser and read access to the
# server's log (PGLOG). The server's configuration is not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
dbn=${1:?usage: scripts/bench-province-plans.sh DBNAME DATA_DIR [OUT_DIR]}
data=${2:?usage: scripts/bench-province-plans.sh DBNAME DATA_DIR [OUT_DIR]}
out=${3:-./plans-$dbn}
pghost=${PGHOST:-127.0.0.1}
db="postgres://postgres@$pghost:5432/$dbn?sslmode=disable"
log=${PGLOG:-/var/log/postgresql/postgresql-15-main.log}
port=${PORT:-18441}
base="http://127.0.0.1:$port"
[ -r "$log" ] || { echo "cannot read the server's log $log (PGLOG)"; exit 2; }
mkdir -p "$out"
tmp=$(mktemp -d /tmp/bench-plans.XXXXXX)
trap 'rm -rf "$tmp"' EXIT # replaced once the servers run
q() { psql "$db" -Atq -c "$1"; }

CGO_ENABLED=0 go build -o "$tmp/motcua" ./cmd/motcua
year=${YEAR:-$(q "SELECT SUBSTR(MAX(day), 1, 4) FROM stats_unit_daily")}
nso=$(q "SELECT u.nso_code FROM stats_unit_daily s JOIN units u ON u.id = s.unit_id
  WHERE u.nso_code <> '' AND u.valid_to = '' GROUP BY u.nso_code ORDER BY SUM(s.received) DESC LIMIT 1")
unit_id=$(q "SELECT id FROM units WHERE nso_code = '$nso' AND valid_to = ''")
code=$(q "SELECT code FROM dossiers WHERE resolving_unit_id = '$unit_id' AND status = 10 AND id LIKE 'b%'
  AND lead_id = (SELECT id FROM officers WHERE username = 'xa$nso.tuphap') ORDER BY received_at DESC OFFSET 1000 LIMIT 1")
[ -n "$code" ] || code=$(q "SELECT code FROM dossiers WHERE resolving_unit_id = '$unit_id' AND status = 10 ORDER BY received_at DESC LIMIT 1")
read -r lcode last4 < <(q "SELECT code || ' ' || lookup_phone FROM dossiers TABLESAMPLE SYSTEM (1) REPEATABLE (3)
  WHERE lookup_phone <> '' AND status = 10 LIMIT 1")
q "DELETE FROM attempts WHERE key LIKE 'lookup%'"
echo "$dbn: commune NSO $nso, year $year, dossier $code, lookup $lcode; load: $(uptime)"

psql "$db" -q -c "ALTER DATABASE $dbn SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER DATABASE $dbn SET auto_explain.log_min_duration = 0" \
  -c "ALTER DATABASE $dbn SET auto_explain.log_analyze = on" -c "ALTER DATABASE $dbn SET auto_explain.log_buffers = on"
"$tmp/motcua" serve --db "$db" --data "$data" --addr "127.0.0.1:$port" --log-level error --notify-off >"$tmp/serve.log" 2>&1 &
pid=$!
trap 'psql "$db" -qc "ALTER DATABASE $dbn RESET ALL" || true; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 300); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done

token=bench-province-token-0123456789abcdefghij
login() {
  curl -sS -o /dev/null -c "$tmp/$1.jar" -b "motcua_csrf=$token" --data-urlencode "csrf=$token" \
    --data-urlencode "username=$1" --data-urlencode "password=${PASSWORD:-motcua-demo}" "$base/dang-nhap"
  awk -v t="$token" 'BEGIN { printf "motcua_csrf=%s", t } { sub(/^#HttpOnly_/, "") } $0 !~ /^#/ && NF >= 7 && $6 != "motcua_csrf" { printf "; %s=%s", $6, $7 }' "$tmp/$1.jar"
}
page() { # NAME COOKIE URL
  curl -sS -o /dev/null -H "Cookie: $2" "$3"
  sleep 0.3
  local n
  n=$(wc -l < "$log")
  curl -sS -o /dev/null -w "$1: HTTP %{http_code} in %{time_total} s\n" -H "Cookie: $2" "$3"
  sleep 0.5
  tail -n +$((n + 1)) "$log" > "$out/$1.log"
}
period="tu=$year-01-01&den=$year-12-31"
page province "$(login tinh.lanhdao)" "$base/can-bo/tinh?$period"
page commune-year "$(login "xa$nso.chutich")" "$base/can-bo/thong-ke?$period"
page queue-reception "$(login "xa$nso.tiepnhan")" "$base/can-bo"
specialist=$(login "xa$nso.tuphap")
page queue-specialist "$specialist" "$base/can-bo"
page dossier "$specialist" "$base/can-bo/ho-so/$code"
n=$(wc -l < "$log")
curl -sS -o /dev/null -w "lookup: HTTP %{http_code} in %{time_total} s\n" -b "motcua_csrf=$token" \
  --data "csrf=$token&ma=$lcode&so=$last4" "$base/tra-cuu"
sleep 0.5
tail -n +$((n + 1)) "$log" > "$out/lookup.log"

for f in "$out"/*.log; do
  awk -v page="$(basename "$f" .log)" '
    /LOG:  duration:/ { n++; d += $(NF-2) + 0; top = 1; next }
    top && /Buffers: shared/ { s = $0; h = 0; r = 0
      if (match(s, /hit=[0-9]+/)) h = substr(s, RSTART + 4, RLENGTH - 4)
      if (match(s, /read=[0-9]+/)) r = substr(s, RSTART + 5, RLENGTH - 5)
      b += h + r; top = 0 }
    END { printf "%-18s %3d statements %8.1f ms %8d buffers\n", page, n, d, b }' "$f"
done
