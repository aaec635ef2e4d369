#!/bin/sh
# pitr-drill.sh: point-in-time recovery of motcua's PostgreSQL, end to end,
# with PostgreSQL's own tools (the steps pgBackRest automates; see
# docs/operations.md, "Point-in-time recovery"):
#
#   1. a PostgreSQL 15 that archives its WAL (archive_mode, archive_command);
#   2. motcua's schema and its catalogue (motcua migrate, catalogue import);
#   3. a base backup (pg_basebackup);
#   4. more work, then a named restore point, then a mistake (every
#      procedure renamed), and the WAL switched so the archive has it all;
#   5. recovery of the base backup with the archived WAL up to the restore
#      point, on a new data directory and port;
#   6. the recovered database has the work done after the base backup and
#      not the mistake, and motcua opens it at the current schema.
#
# Usage: scripts/pitr-drill.sh     (as root or the postgres user; needs
# postgresql-15 and Go; ports 5460 and 5461; work in $PITR_DIR, default
# /tmp/motcua-pitr, deleted at the end unless PITR_KEEP=1)
set -eu
cd "$(dirname "$0")/.."

DIR=${PITR_DIR:-/tmp/motcua-pitr}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
P1=5460 P2=5461
as() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; else "$@"; fi; }
psql_on() { port=$1; shift; as "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$port" -U postgres "$@"; }
stop() {
	for d in "$DIR/primary" "$DIR/recovered"; do
		[ -f "$d/postmaster.pid" ] && as "$PGBIN/pg_ctl" -D "$d" stop -m fast >/dev/null 2>&1 || true
	done
}
cleanup() {
	stop
	[ "${PITR_KEEP:-0}" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT

rm -rf "$DIR"
mkdir -p "$DIR/wal"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR"
go build -o "$DIR/motcua" ./cmd/motcua

echo "1. a primary archiving its WAL into $DIR/wal"
as "$PGBIN/initdb" -D "$DIR/primary" -U postgres -A trust --data-checksums >/dev/null
cat >>"$DIR/primary/postgresql.conf" <<EOF
port = $P1
listen_addresses = ''
unix_socket_directories = '$DIR'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $DIR/wal/%f && cp %p $DIR/wal/%f'
shared_buffers = 32MB
EOF
as "$PGBIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
psql_on $P1 -c "CREATE DATABASE motcua"
dsn="postgres://postgres@/motcua?host=$DIR&port=$P1&sslmode=disable"

echo "2. motcua's schema and catalogue"
"$DIR/motcua" migrate --db "$dsn"
"$DIR/motcua" catalogue import --shipped --db "$dsn" >/dev/null

echo "3. a base backup"
as "$PGBIN/pg_basebackup" -h "$DIR" -p $P1 -U postgres -D "$DIR/base" -X fetch --checkpoint=fast

echo "4. work after the base backup, a restore point, then a mistake"
psql_on $P1 -d motcua -c "UPDATE procedures SET name = name || ' (đã rà soát)' WHERE code = '1.004873'"
good=$(psql_on $P1 -d motcua -tAc "SELECT md5(string_agg(code || name, ',' ORDER BY code)) FROM procedures")
count=$(psql_on $P1 -d motcua -tAc "SELECT count(*) FROM procedures")
psql_on $P1 -d motcua -tAc "SELECT pg_create_restore_point('before_mistake')" >/dev/null
psql_on $P1 -d motcua -c "UPDATE procedures SET name = 'HỎNG'"
psql_on $P1 -d motcua -tAc "SELECT pg_switch_wal()" >/dev/null
i=0
until [ "$(psql_on $P1 -tAc "SELECT last_archived_wal = pg_walfile_name(pg_current_wal_lsn() - 1) OR last_archived_time > now() - interval '1 second' FROM pg_stat_archiver")" = t ] || [ $i -ge 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
sleep 1
as "$PGBIN/pg_ctl" -D "$DIR/primary" -w stop -m fast >/dev/null

echo "5. recovery of the base backup up to the restore point"
as cp -a "$DIR/base" "$DIR/recovered"
cat >>"$DIR/recovered/postgresql.conf" <<EOF
port = $P2
archive_mode = off
restore_command = 'cp $DIR/wal/%f %p'
recovery_target_name = 'before_mistake'
recovery_target_action = 'promote'
EOF
as touch "$DIR/recovered/recovery.signal"
as "$PGBIN/pg_ctl" -D "$DIR/recovered" -l "$DIR/recovered.log" -w -t 120 start >/dev/null
i=0
until [ "$(psql_on $P2 -tAc "SELECT pg_is_in_recovery()")" = f ] || [ $i -ge 100 ]; do
	sleep 0.2
	i=$((i + 1))
done

echo "6. the recovered database"
got=$(psql_on $P2 -d motcua -tAc "SELECT md5(string_agg(code || name, ',' ORDER BY code)) FROM procedures")
n=$(psql_on $P2 -d motcua -tAc "SELECT count(*) FROM procedures")
broken=$(psql_on $P2 -d motcua -tAc "SELECT count(*) FROM procedures WHERE name = 'HỎNG'")
reviewed=$(psql_on $P2 -d motcua -tAc "SELECT count(*) FROM procedures WHERE name LIKE '%(đã rà soát)'")
"$DIR/motcua" migrate --db "postgres://postgres@/motcua?host=$DIR&port=$P2&sslmode=disable"
echo "procedures: $n (before the mistake: $count); renamed by the mistake: $broken; the work after the base backup: $reviewed"
if [ "$got" != "$good" ] || [ "$broken" != 0 ] || [ "$reviewed" != 1 ]; then
	echo "pitr-drill: FAILED: the recovered catalogue is not the one at the restore point" >&2
	exit 1
fi
echo "pitr-drill: OK: recovered to the restore point, the mistake undone, the work after the base backup kept"
