#!/usr/bin/env bash
# Measures the officers' and public pages of a province on PostgreSQL or
# SQLite with wrk, on loopback, beside a hello-world Go handler in the same run.
#
#   scripts/bench-province.sh DB_URL DATA_DIR
#   SECS=15 CONNS="16 64" YEAR=2026 scripts/bench-province.sh \
#     'postgres://postgres@127.0.0.1:5432/bench10m?sslmode=disable' ./bench10m-data
#   SECS=15 scripts/bench-province.sh sqlite:./bench1m-data/motcua.db ./bench1m-data
#
# DB_URL/DATA_DIR: a database and data directory built by
#   go run ./cmd/loadfixture --province --db DB_URL --data DATA_DIR --dossiers N
# (docs/performance.md, "The fixture: `loadfixture --province`"). The
# fixture's few queries go through psql on PostgreSQL and through
# cmd/benchsql on SQLite (no sqlite3 command needed). The script builds motcua,
# serves the fixture (motcua serve --db DB_URL --data DATA_DIR --notify-off,
# as the province demo does: no notification worker sending the generated
# history's notices while it measures), signs in
# through the real login form (curl, cookies) as the province's leader
# (tinh.lanhdao), and as the reception officer and a specialist of the commune
# with the most dossiers, picks one of that commune's dossiers and a lookup
# (code and the phone's last four digits), and runs wrk for SECS seconds with
# each number of connections in CONNS on:
#   hello             a hello-world Go handler (the machine's reference)
#   province year     GET /can-bo/tinh?tu=YEAR-01-01&den=YEAR-12-31 (tinh.lanhdao)
#   province csv      GET /can-bo/tinh/tinh.csv, same year
#   commune year      GET /can-bo/thong-ke?tu=...&den=... (the commune's leader)
#   queue reception   GET /can-bo (the commune's reception officer)
#   queue specialist  GET /can-bo (the commune's specialist with most open work)
#   dossier page      GET /can-bo/ho-so/CODE (the specialist)
#   api list          GET /api/v1/dossiers (the commune's reception officer's
#                     API token: the first page of the commune's list)
#   lookup            POST /tra-cuu with code, four digits and the CSRF token
#                     (2,000 returned dossiers sampled from the table, in turn,
#                     each request from its own address: serve trusts
#                     X-Forwarded-For from 127.0.0.1, as behind a reverse
#                     proxy, so the per-address throttle is not what is measured)
#   queue floor       the specialist's requests to cmd/benchfloor, which runs
#   lookup floor      only the page's statements on the same database and
#                     writes what they read back: the HTTP server, the driver
#                     and PostgreSQL, no page (the machine's floor for it)
# printing requests per second and the 50th, 95th and 99th percentile latency.
# Each measured run follows WARM seconds (default 2, 0 for none) of the same
# load, unmeasured: the first requests on a new database connection pay for
# PostgreSQL's catalogue lookups (40-80 ms), which the first page's tail
# showed; the cold start is the "first request" line.
# YEAR defaults to the last year with roll-ups. With PROFILE=DIR, serve
# also runs Go's profiler on loopback (--pprof-addr) and each page's first
# wrk run is profiled (CPU) into DIR/PAGE.pprof, to read with
# `go tool pprof -top -cum DIR/PAGE.pprof`. Nothing is written to the
# database but sessions, an API token, login and lookup attempts (the lookup
# attempts are deleted first). ONLY='queue|lookup' measures only the pages whose name
# matches (and hello); BIN=PATH serves a motcua built before (to compare
# two builds on one fixture) instead of building this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: scripts/bench-province.sh DB_URL DATA_DIR}
data=${2:?usage: scripts/bench-province.sh DB_URL DATA_DIR}
secs=${SECS:-15}
warm=${WARM:-2}
conns=${CONNS:-"16 64"}
port=${PORT:-18431}
hport=$((port + 1))
pport=$((port + 2))
fport=$((port + 3))
profile=${PROFILE:-}
base="http://127.0.0.1:$port"
case "$db" in
  sqlite:*) engine=sqlite ;;
  postgres://* | postgresql://*) engine=postgres ;;
  *) echo "DB_URL: sqlite:PATH or postgres://..., not $db"; exit 2 ;;
esac
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 2; }
[ "$engine" = sqlite ] || command -v psql >/dev/null || { echo "psql is needed: apt-get install postgresql-client"; exit 2; }
tmp=$(mktemp -d /tmp/bench-province.XXXXXX)
trap 'rm -rf "$tmp"' EXIT # replaced once the servers run
q() {
  if [ "$engine" = sqlite ]; then "$tmp/benchsql" "$db" "$1"; else psql "$db" -Atq -c "$1"; fi
}

only=${ONLY:-.}
if [ -n "${BIN:-}" ]; then
  cp "$BIN" "$tmp/motcua"
else
  CGO_ENABLED=0 go build -o "$tmp/motcua" ./cmd/motcua
fi
cat > "$tmp/hello.go" <<'GO'
package main

import (
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Xin chào\n"))
	})
	http.ListenAndServe(os.Args[1], nil)
}
GO
(cd "$tmp" && CGO_ENABLED=0 go build -o hello hello.go)
CGO_ENABLED=0 go build -o "$tmp/benchfloor" ./cmd/benchfloor
[ "$engine" = postgres ] || CGO_ENABLED=0 go build -o "$tmp/benchsql" ./cmd/benchsql

year=${YEAR:-$(q "SELECT SUBSTR(MAX(day), 1, 4) FROM stats_unit_daily")}
# The commune with the most dossiers (from the roll-ups), its officers, one of
# its dossiers, and a lookup.
nso=$(q "SELECT u.nso_code FROM stats_unit_daily s JOIN units u ON u.id = s.unit_id
  WHERE u.nso_code <> '' AND u.valid_to = '' GROUP BY u.nso_code ORDER BY SUM(s.received) DESC LIMIT 1")
unit_id=$(q "SELECT id FROM units WHERE nso_code = '$nso' AND valid_to = ''")
specialist=$(q "SELECT o.username FROM officers o LEFT JOIN dossiers d ON d.lead_id = o.id AND d.status IN (2, 4, 5, 6)
  WHERE o.unit_id = '$unit_id' AND o.username IN ('xa$nso.tuphap', 'xa$nso.congchuc')
  GROUP BY o.username ORDER BY COUNT(d.id) DESC LIMIT 1")
code=$(q "SELECT code FROM dossiers WHERE resolving_unit_id = '$unit_id' AND lead_id = (SELECT id FROM officers WHERE username = '$specialist')
  AND received_at > 0 ORDER BY received_at DESC LIMIT 1 OFFSET 1000")
[ -n "$code" ] || code=$(q "SELECT code FROM dossiers WHERE resolving_unit_id = '$unit_id' ORDER BY received_at DESC LIMIT 1")
# 2,000 returned dossiers drawn from the whole table for the lookups, so that
# the per-code throttle (one try of a code at a time) is not what is measured
# (SQLite has no TABLESAMPLE: 4,000 random rowids, of which 2,000 in turn).
if [ "$engine" = sqlite ]; then
  q "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 4000)
    SELECT code || ' ' || lookup_phone FROM dossiers WHERE rowid IN (SELECT 1 + abs(random()) % (SELECT MAX(rowid) FROM dossiers) FROM r)
    AND lookup_phone <> '' AND status = 10 ORDER BY random() LIMIT 2000" > "$tmp/lookups.txt"
else
  q "SELECT code || ' ' || lookup_phone FROM dossiers TABLESAMPLE SYSTEM (1) REPEATABLE ($RANDOM)
    WHERE lookup_phone <> '' AND status = 10 LIMIT 2000" > "$tmp/lookups.txt"
fi
# Failed tries of earlier runs (a stopped wrk, a wrong pair) must not throttle this run.
q "DELETE FROM attempts WHERE key LIKE 'lookup%'"
read -r lcode last4 < "$tmp/lookups.txt"
if [ "$engine" = sqlite ]; then
  ndossiers=$(q "SELECT MAX(rowid) FROM dossiers")
  size=$(q "SELECT printf('%.0f MB', page_count * page_size / 1e6) FROM pragma_page_count(), pragma_page_size()")
else
  ndossiers=$(q "SELECT reltuples::bigint FROM pg_class WHERE relname = 'dossiers'")
  size=$(q "SELECT pg_size_pretty(pg_database_size(current_database()))")
fi
echo "database: $size, about $ndossiers dossiers; year $year"
echo "commune NSO $nso: reception xa$nso.tiepnhan, specialist $specialist, dossier $code; lookups $(wc -l < "$tmp/lookups.txt") such as $lcode"
echo "load: $(uptime)"

api_token=$("$tmp/motcua" user token --db "$db" --data "$data" --username "xa$nso.tiepnhan" --token-name bench-province --log-level warn |
  grep -o '[A-Za-z0-9_-]\{24,\}' | tail -n 1)
[ -n "$api_token" ] || { echo "no API token"; exit 1; }

pprof=()
if [ -n "$profile" ]; then
  mkdir -p "$profile"
  pprof=(--pprof-addr "127.0.0.1:$pport")
fi
"$tmp/motcua" serve --db "$db" --data "$data" --addr "127.0.0.1:$port" --log-level error --trusted-proxies 127.0.0.1 --notify-off "${pprof[@]}" >"$tmp/serve.log" 2>&1 &
pid=$!
"$tmp/hello" "127.0.0.1:$hport" &
hpid=$!
"$tmp/benchfloor" "127.0.0.1:$fport" "$db" &
fpid=$!
trap 'kill $pid $hpid $fpid 2>/dev/null || true; wait $pid $hpid $fpid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 300); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/healthz" || { echo "motcua serve did not start:"; cat "$tmp/serve.log"; exit 1; }

# login USER: signs in through the login form and prints the Cookie header.
token=bench-province-token-0123456789abcdefghij
login() {
  local jar="$tmp/$1.jar" status
  status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "motcua_csrf=$token" \
    --data-urlencode "csrf=$token" --data-urlencode "username=$1" --data-urlencode "password=${PASSWORD:-motcua-demo}" \
    "$base/dang-nhap")
  [ "$status" = 303 ] || { echo "login $1: HTTP $status" >&2; exit 1; }
  awk -v t="$token" 'BEGIN { printf "motcua_csrf=%s", t } { sub(/^#HttpOnly_/, "") } $0 !~ /^#/ && NF >= 7 && $6 != "motcua_csrf" { printf "; %s=%s", $6, $7 }' "$jar"
}
cookie_prov=$(login tinh.lanhdao)
cookie_leader=$(login "xa$nso.chutich")
cookie_reception=$(login "xa$nso.tiepnhan")
cookie_specialist=$(login "$specialist")

cat > "$tmp/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("%9.0f %9.2f %9.2f %9.2f %7d %7d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA
get_script() { # COOKIE -> a wrk script sending it
  local f="$tmp/get-$RANDOM.lua"
  { echo "wrk.headers[\"Cookie\"] = \"$1\""; cat "$tmp/report.lua"; } > "$f"
  echo "$f"
}
api_lua="$tmp/api.lua"
{ echo "wrk.headers[\"Authorization\"] = \"Bearer $api_token\""; cat "$tmp/report.lua"; } > "$api_lua"
lookup_lua="$tmp/lookup.lua"
{
  echo 'local pairs = {'
  awk '{ printf "  {\"%s\", \"%s\"},\n", $1, $2 }' "$tmp/lookups.txt"
  echo '}'
  echo 'local i = math.random(#pairs)'
  echo 'local n = 0'
  echo 'request = function()'
  echo '  i = i % #pairs + 1'
  echo '  n = n + 1'
  echo "  return wrk.format(\"POST\", \"/tra-cuu\", {[\"Content-Type\"] = \"application/x-www-form-urlencoded\","
  echo "    [\"Cookie\"] = \"motcua_csrf=$token\", [\"X-Forwarded-For\"] = \"10.\" .. (math.floor(n / 65536) % 256) .. \".\" .. (math.floor(n / 256) % 256) .. \".\" .. (n % 256)},"
  echo "    \"csrf=$token&ma=\" .. pairs[i][1] .. \"&so=\" .. pairs[i][2])"
  echo 'end'
  cat "$tmp/report.lua"
} > "$lookup_lua"

period="tu=$year-01-01&den=$year-12-31"
names=("hello" "province year" "province csv" "commune year" "queue reception" "queue specialist" "queue floor" "dossier page"
  "api list" "lookup" "lookup floor")
urls=("http://127.0.0.1:$hport/" "$base/can-bo/tinh?$period" "$base/can-bo/tinh/tinh.csv?$period" "$base/can-bo/thong-ke?$period"
  "$base/can-bo" "$base/can-bo" "http://127.0.0.1:$fport/can-bo" "$base/can-bo/ho-so/$code" "$base/api/v1/dossiers"
  "$base/tra-cuu" "http://127.0.0.1:$fport/tra-cuu")
scripts=("$tmp/report.lua" "$(get_script "$cookie_prov")" "$(get_script "$cookie_prov")" "$(get_script "$cookie_leader")"
  "$(get_script "$cookie_reception")" "$(get_script "$cookie_specialist")" "$(get_script "$cookie_specialist")"
  "$(get_script "$cookie_specialist")" "$api_lua" "$lookup_lua" "$lookup_lua")

# Each page once, checked: 200 and not the login page.
for i in "${!names[@]}"; do
  [ "${names[$i]}" = hello ] && continue
  [[ "${names[$i]}" =~ $only ]] || continue
  if [[ "${names[$i]}" = lookup* ]]; then
    out=$(curl -sS -w '\n%{http_code} %{time_total}' -b "motcua_csrf=$token" --data "csrf=$token&ma=$lcode&so=$last4" "${urls[$i]}")
  elif [ "${names[$i]}" = "api list" ]; then
    out=$(curl -sS -w '\n%{http_code} %{time_total}' -H "Authorization: Bearer $api_token" "${urls[$i]}")
    grep -q '"next"' <<<"$out" || { echo "api list: no full first page"; exit 1; }
  else
    c=$(sed -n 's/^wrk.headers\["Cookie"\] = "\(.*\)"$/\1/p' "${scripts[$i]}")
    out=$(curl -sS -w '\n%{http_code} %{time_total}' -H "Cookie: $c" "${urls[$i]}")
  fi
  read -r status took <<<"$(tail -n 1 <<<"$out")"
  if [ "$status" != 200 ] || grep -q 'name="password"' <<<"$out"; then
    echo "${names[$i]}: HTTP $status (or the login page) for ${urls[$i]}"; exit 1
  fi
  if [[ "${names[$i]}" = lookup* ]] && ! grep -q "$lcode" <<<"$out"; then
    echo "lookup: the result page does not show $lcode"; exit 1
  fi
  printf '%-17s first request %6.0f ms\n' "${names[$i]}" "$(awk -v t="$took" 'BEGIN { print t * 1000 }')"
done

first=1
for c in $conns; do
  echo
  printf '%-17s %5s %9s %9s %9s %9s %7s %7s\n' page conns "req/s" "p50 ms" "p95 ms" "p99 ms" "non-2xx" "sockerr"
  for i in "${!names[@]}"; do
    [ "${names[$i]}" = hello ] || [[ "${names[$i]}" =~ $only ]] || continue
    printf '%-17s %5s ' "${names[$i]}" "$c"
    # steady state: the pool's connections open (a new PostgreSQL backend
    # parses its first statements in 40-80 ms) and the caches warm, unmeasured
    [ "$warm" = 0 ] || wrk -t2 -c"$c" -d"${warm}s" --timeout 10s -s "${scripts[$i]}" "${urls[$i]}" >/dev/null
    ppid=
    if [ -n "$profile" ] && [ $first = 1 ] && [ "${names[$i]}" != hello ] && [[ "${names[$i]}" != *floor ]]; then
      curl -sS -o "$profile/${names[$i]// /-}.pprof" "http://127.0.0.1:$pport/debug/pprof/profile?seconds=$((secs > 2 ? secs - 1 : 1))" &
      ppid=$!
    fi
    wrk -t2 -c"$c" -d"${secs}s" --timeout 10s -s "${scripts[$i]}" "${urls[$i]}" | tail -n 1
    [ -z "$ppid" ] || wait "$ppid"
  done
  first=0
done
echo
echo "load after: $(uptime)"
