#!/usr/bin/env bash
# kill -9 of `motcua serve` in the middle of the portal sync loses nothing and
# duplicates nothing on the portal.
#   [DOSSIERS=500] scripts/portal-kill9.sh [DATA] [KILLS]
# Uses the demo town in DATA (default ./motcua-demo, seeded when absent), puts
# the portal messages of its first DOSSIERS dossiers back in the queue (all
# others marked sent; queued now: the demo's messages are
# dated in its simulated year, and the age limit would fail them at once), starts a fresh fake portal (with
# 10 % of requests reset after applying and 10 % failing), and starts
# `motcua serve` against it; KILLS times (default 3) it kills serve with
# SIGKILL after a few seconds and starts it again. Then it waits for the
# backlog to drain and checks that the fake holds every dossier once, and
# every event exactly once and in order. Needs sqlite3, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-./motcua-demo}
kills=${2:-3}
n=${DOSSIERS:-500}
fport=19191
sport=18191
bin=/tmp/motcua-kill9
go build -o "$bin" ./cmd/motcua
[ -f "$data/motcua.db" ] || "$bin" demo --seed-only --data "$data" >/dev/null
"$bin" migrate --data "$data" >/dev/null
sqlite3 "$data/motcua.db" "CREATE TEMP TABLE picked AS SELECT id FROM dossiers ORDER BY created_at, id LIMIT $n;
  UPDATE outbox SET state = 'sent', locked_until = NULL WHERE topic = 'portal';
  UPDATE outbox SET state = 'queued', attempts = 0, locked_until = NULL, sent_at = NULL, next_attempt_at = 0,
    queued_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE topic = 'portal' AND key IN (SELECT id FROM picked);
  DELETE FROM portal_synced;"

"$bin" fake portal --addr 127.0.0.1:$fport --fail-reset 0.1 --fail-5xx 0.1 >/dev/null &
fake=$!
serve_pid=
cleanup() { kill "$fake" ${serve_pid:+"$serve_pid"} 2>/dev/null || true; }
trap cleanup EXIT
start_serve() {
  "$bin" serve --data "$data" --addr 127.0.0.1:$sport --log-level warn --portal-url http://127.0.0.1:$fport \
    --portal-username motcua --portal-password motcua-demo --portal-timeout 2s --portal-retry-max 5s >>/tmp/motcua-kill9.log 2>&1 &
  serve_pid=$!
}
metric() { curl -sf http://127.0.0.1:$sport/metrics | awk -v m="$1" '$1 == m {print $2}'; }
sleep 0.5
for i in $(seq 1 "$kills"); do
  start_serve
  sleep $((2 + RANDOM % 3))
  echo "kill -9 serve ($i/$kills): backlog $(metric outbox_backlog_portal)"
  kill -9 "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
done
start_serve
# The messages the killed servers held stay claimed until their lease (timeout + 1 min) ends.
for _ in $(seq 1 600); do
  sleep 1
  b=$(metric outbox_backlog_portal || echo '?')
  [ "$b" = 0 ] && break
done
echo "backlog $b, failed $(metric outbox_failed_portal)"
sqlite3 -separator ' ' "$data/motcua.db" "SELECT code, (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id), status
  FROM dossiers d ORDER BY created_at, id LIMIT $n" > /tmp/motcua-kill9.ours
curl -sf http://127.0.0.1:$fport/_fake/dossiers | python3 -c '
import json, sys
held = json.load(sys.stdin)["dossiers"]
lost = dup = bad = 0
for line in open("/tmp/motcua-kill9.ours"):
    code, n, status = line.split()
    d = held.get(code)
    if d is None:
        lost += 1; continue
    seqs = [s["SoThuTu"] for s in d["Steps"] or []]
    if d["Creates"] != 1 or len(seqs) != len(set(seqs)):
        dup += 1
    if seqs != list(range(1, int(n) + 1)) or d["Record"]["TrangThaiHoSo"] != status:
        bad += 1
print(f"the portal holds {len(held)} dossiers; of ours: lost {lost}, duplicated {dup}, wrong steps or status {bad}")
sys.exit(1 if lost or dup or bad else 0)
'
