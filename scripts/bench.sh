#!/usr/bin/env bash
# Benchmark of the pages people use, on loopback only (docs/performance.md,
# "Officers' pages").
#   [CONNS=8] [SECS=10] [THREADS=2] [ROUNDS=1] [ONLY=REGEX] scripts/bench.sh [demo | DOSSIERS]
# Builds motcua once, builds the fixture once (the demo commune by default,
# in ./bench-data/demo; with a number, that many dossiers from
# cmd/loadfixture in ./bench-data/N), serves it, signs in as the reception
# officer tiepnhan1 through the real login form, and runs wrk against each
# page in turn. Each line gives requests per second, the median and the 99th
# percentile latency, the share of a hello-world Go handler's rate measured
# in the same run and the share of the catalogue page's rate; then the
# server's CPU time per request (from /proc: another process's load on the
# machine weighs little on it) and the catalogue's CPU per request as a
# share of the page's, the rate the page would reach beside the catalogue's
# on an idle machine. With ROUNDS=N every page is measured N times, the pages
# taking turns, and its best round (highest rate, lowest CPU per request) is
# printed: on a shared machine the others' load then weighs on every page
# alike. ONLY measures the pages whose names match (and the hello handler and
# the catalogue, the references).
set -euo pipefail
cd "$(dirname "$0")/.."
fixture=${1:-demo}
conns=${CONNS:-8}
secs=${SECS:-10}
threads=${THREADS:-2}
rounds=${ROUNDS:-1}
port=${PORT:-18199}
hello_port=$((port + 1))
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 2; }
command -v curl >/dev/null || { echo "curl is needed: apt-get install curl"; exit 2; }

work=$(mktemp -d /tmp/motcua-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "building motcua and the hello-world handler"
CGO_ENABLED=0 go build -o "$work/motcua" ./cmd/motcua
mkdir -p "$work/hello"
cat > "$work/hello/main.go" <<'GO'
// A hello-world handler: the machine's ceiling for one HTTP response.
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
	if err := http.ListenAndServe(os.Args[1], nil); err != nil {
		panic(err)
	}
}
GO
(cd "$work/hello" && GOFLAGS= GOWORK=off go mod init hello >/dev/null 2>&1 && CGO_ENABLED=0 GOWORK=off go build -o "$work/hello-server" .)

# The fixture, built once and reused: a complete demo is reused by the demo
# command itself; the bulk fixture is complete once lookup.txt is written.
from=2024-01-01 to=2024-10-20 # the demo's year (the bulk fixture's dossiers are in it too)
if [ "$fixture" = demo ]; then
  data=./bench-data/demo
  mkdir -p "$data"
  echo "fixture: the demo commune in $data (generated on the first run, a few minutes)"
  "$work/motcua" demo --seed-only --data "$data" --log-level warn >"$work/seed.log" 2>&1 ||
    { cat "$work/seed.log"; exit 1; }
else
  case $fixture in *[!0-9]*) echo "usage: scripts/bench.sh [demo | DOSSIERS]"; exit 2 ;; esac
  data=./bench-data/$fixture
  if [ ! -f "$data/lookup.txt" ]; then
    echo "fixture: $fixture dossiers in $data (built once)"
    rm -rf "$data"
    mkdir -p "$data"
    go run ./cmd/loadfixture --data "$data" --dossiers "$fixture" >"$data/lookup.tmp"
    mv "$data/lookup.tmp" "$data/lookup.txt"
  fi
fi

# A dossier of the officer's unit for the dossier page and the lookup (its
# code and the last four digits of the applicant's phone), and an API token.
list=$("$work/motcua" dossier list --data "$data" --limit 1 --json --log-level warn)
code=$(printf '%s\n' "$list" | grep -m1 -o '"code": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
phone=$(printf '%s\n' "$list" | grep -m1 -o '"phone": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
last4=${phone: -4}
[ -n "$code" ] && [ -n "$last4" ] || { echo "no dossier with a phone in $data"; exit 1; }
token=$("$work/motcua" user token --data "$data" --username tiepnhan1 --token-name bench --log-level warn | grep -o '[A-Za-z0-9_-]\{24,\}' | tail -n1)
[ -n "$token" ] || { echo "no API token"; exit 1; }

"$work/hello-server" "127.0.0.1:$hello_port" &
hello_pid=$!
pids+=($hello_pid)
"$work/motcua" serve --data "$data" --addr "127.0.0.1:$port" --log-level warn >"$work/serve.log" 2>&1 &
server_pid=$!
pids+=($server_pid)
for _ in $(seq 1 200); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/healthz" || { cat "$work/serve.log"; exit 1; }

# Sign in through the login form, as a browser does: its CSRF token, then the post.
jar="$work/cookies"
form=$(curl -fsS -c "$jar" -b "$jar" "$base/dang-nhap")
csrf=$(printf '%s' "$form" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="\([^"]*\)"/\1/')
status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
  --data-urlencode "username=tiepnhan1" --data-urlencode "password=motcua-demo" --data-urlencode "next=/can-bo" "$base/dang-nhap")
session=$(awk '$6 == "motcua_session" { print $7 }' "$jar")
[ "$status" = 303 ] && [ -n "$session" ] || { echo "login failed ($status)"; exit 1; }
anon_csrf=$(awk '$6 == "motcua_csrf" { print $7 }' "$jar")

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad, summary.requests))
end
LUA
cat >"$work/lookup.lua" <<LUA
wrk.method = "POST"
wrk.body = "csrf=$anon_csrf&ma=$code&so=$last4"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "motcua_csrf=$anon_csrf"
$(cat "$work/report.lua")
LUA

# Each page is checked once (status 200) before it is measured.
check() { # url, curl args...
  local url=$1
  shift
  local got
  got=$(curl -sS -o /dev/null -w '%{http_code}' "$@" "$url")
  [ "$got" = 200 ] || { echo "$url answered $got, not 200"; exit 1; }
}
# cputicks PID: the CPU time the process has used, in clock ticks.
cputicks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
tick_ms=$(awk -v t="$(getconf CLK_TCK)" 'BEGIN { print 1000 / t }')
declare -A best best_p50 best_p99 best_bad cpu_ms
run() { # name, url, lua script, header (optional): one wrk run, keeping the best
  local name=$1 url=$2 script=$3 header=${4:-}
  local args=(-t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s "$script")
  [ -n "$header" ] && args+=(-H "$header")
  local pid=$server_pid
  [ "$name" = hello ] && pid=$hello_pid
  local line rps p50 p99 bad n t0 t1 ms
  t0=$(cputicks "$pid")
  line=$(wrk "${args[@]}" "$url" | grep '^RESULT')
  t1=$(cputicks "$pid")
  read -r _ rps p50 p99 bad n <<<"$line"
  ms=$(awk -v d=$((t1 - t0)) -v k="$tick_ms" -v n="$n" 'BEGIN { printf "%.3f", (n > 0) ? d * k / n : 0 }')
  # The server's CPU per request: the lowest of the rounds that completed
  # a request (a page slower than the run completes none).
  if [ "$n" = 0 ]; then
    :
  elif [ -z "${cpu_ms[$name]:-}" ] || awk -v a="$ms" -v b="${cpu_ms[$name]}" 'BEGIN { exit !(a < b) }'; then
    cpu_ms[$name]=$ms
  fi
  if [ -z "${best[$name]:-}" ] || awk -v a="$rps" -v b="${best[$name]}" 'BEGIN { exit !(a > b) }'; then
    best[$name]=$rps best_p50[$name]=$p50 best_p99[$name]=$p99 best_bad[$name]=$bad
  fi
}
print() { # name
  local name=$1 rps=${best[$1]} hello=${best[hello]} cat=${best[catalogue]:-}
  local rh rc="" cc=""
  rh=$(awk -v a="$rps" -v b="$hello" 'BEGIN { printf "%.1f %%", 100 * a / b }')
  [ "$name" = hello ] && cat="" # the references' own shares say nothing
  [ -n "$cat" ] && rc=$(awk -v a="$rps" -v b="$cat" 'BEGIN { printf "%.0f %%", 100 * a / b }')
  [ -n "$cat" ] && cc=$(awk -v a="${cpu_ms[$name]:-0}" -v b="${cpu_ms[catalogue]}" 'BEGIN { if (a > 0) printf "%.0f %%", 100 * b / a }')
  printf '%-28s %8.0f %8.2f %8.2f %8s %10s %8.2f %10s' "$name" "$rps" "${best_p50[$name]}" "${best_p99[$name]}" "$rh" "$rc" "${cpu_ms[$name]:-0}" "$cc"
  [ "${best_bad[$name]}" != 0 ] && printf '  (%s errors)' "${best_bad[$name]}"
  printf '\n'
}

officer="Cookie: motcua_session=$session"
bearer="Authorization: Bearer $token"
period="from=$from&to=$to"
pages=(
  "catalogue|$base/|"
  "procedure|$base/thu-tuc/1.001193|"
  "lookup result|$base/tra-cuu|lookup"
  "reception queue|$base/can-bo|$officer"
  "dossier page|$base/can-bo/ho-so/$code|$officer"
  "year's dashboard|$base/can-bo/thong-ke?$period|$officer"
  "tracking book (Oct., XLSX)|$base/can-bo/so-theo-doi/so-theo-doi.xlsx?tu=2024-10-01&den=2024-10-20|$officer"
  "API list|$base/api/v1/dossiers|$bearer"
)
for p in "${pages[@]}"; do
  IFS='|' read -r name url header <<<"$p"
  if [ "$header" = lookup ]; then
    got=$(curl -sS -o /dev/null -w '%{http_code}' -b "motcua_csrf=$anon_csrf" --data "csrf=$anon_csrf&ma=$code&so=$last4" "$url")
    [ "$got" = 200 ] || { echo "$name: $url answered $got, not 200"; exit 1; }
  elif [ -n "$header" ]; then
    check "$url" -H "$header"
  else
    check "$url"
  fi
done

echo "fixture $data, wrk -t$threads -c$conns -d${secs}s, best of $rounds round(s), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
wanted() { [ -z "${ONLY:-}" ] || [ "$1" = catalogue ] || [[ $1 =~ $ONLY ]]; }
for round in $(seq 1 "$rounds"); do
  run hello "http://127.0.0.1:$hello_port/" "$work/report.lua"
  for p in "${pages[@]}"; do
    IFS='|' read -r name url header <<<"$p"
    wanted "$name" || continue
    case $header in
      lookup) run "$name" "$url" "$work/lookup.lua" ;;
      "") run "$name" "$url" "$work/report.lua" ;;
      *) run "$name" "$url" "$work/report.lua" "$header" ;;
    esac
  done
done
printf '\n%-28s %8s %8s %8s %8s %10s %8s %10s\n' page "req/s" "p50 ms" "p99 ms" "÷hello" "÷catalogue" "CPU ms" "÷catalogue"
print hello
for p in "${pages[@]}"; do
  IFS='|' read -r name _ <<<"$p"
  wanted "$name" && print "$name"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
