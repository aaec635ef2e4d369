#!/bin/sh
# ha-cluster.sh: a highly available PostgreSQL for motcua on ONE machine, for
# testing and for learning the moving parts before a province spreads them
# over three: a 3-member etcd (the quorum Patroni keeps its leader key in),
# 3 PostgreSQL 15 nodes managed by Patroni (one primary, one synchronous
# standby, one asynchronous), and HAProxy in front routing by Patroni's
# health checks. Everything comes from Debian's packages:
#
#   apt-get install postgresql-15 patroni etcd-server etcd-client haproxy
#
# Usage:
#   scripts/ha-cluster.sh up            start everything, create the motcua database, print its URLs
#   scripts/ha-cluster.sh status        patronictl list
#   scripts/ha-cluster.sh primary       the name of the current primary (pg1, pg2 or pg3)
#   scripts/ha-cluster.sh kill-primary  kill -9 the primary's Patroni and PostgreSQL (a dead server)
#   scripts/ha-cluster.sh start NODE    start a killed node again (it rejoins as a standby, pg_rewind if needed)
#   scripts/ha-cluster.sh healthy       exit 0 when there is a primary and two standbys stream from it, one synchronous
#   scripts/ha-cluster.sh down          stop everything (the data stays in $HA_DIR; `clean` deletes it)
#
# Environment: HA_DIR (default /tmp/motcua-ha), HA_PORT (default 5440: the
# read-write port; HA_PORT-1 is the read-only port over the standbys; the
# nodes use HA_PORT+1..3, their Patroni REST APIs 8101..8103, etcd
# 23791..23793 and 23801..23803).
#
# motcua connects to postgres://motcua:motcua@127.0.0.1:$HA_PORT/motcua
# (HAProxy sends it to the primary only: /primary answers 200 on it alone).
# Reports and public pages may read from postgres://...:$((HA_PORT-1))/motcua
# (the standbys). See docs/operations.md, "High availability".
set -eu

HA_DIR=${HA_DIR:-/tmp/motcua-ha}
HA_PORT=${HA_PORT:-5440}
RO_PORT=$((HA_PORT - 1))
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
NODES="pg1 pg2 pg3"
ETCD_HOSTS=127.0.0.1:23791,127.0.0.1:23792,127.0.0.1:23793
SUPERPASS=${HA_SUPERPASS:-ha-super}

die() { echo "ha-cluster: $*" >&2; exit 1; }
n_of() { echo "$1" | tr -dc 0-9; }

# as runs a command as the postgres user when we are root (PostgreSQL
# refuses to run as root), else as ourselves.
as() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
	else
		"$@"
	fi
}

# bg NAME CMD...: start CMD detached, its output in NAME.log, its pid in NAME.pid.
bg() {
	name=$1
	shift
	as sh -c 'base=$1; shift; cd "${base%/*}"; setsid "$@" >>"$base.log" 2>&1 </dev/null & echo $! >"$base.pid"' \
		sh "$HA_DIR/$name" "$@"
}

alive() { [ -f "$HA_DIR/$1.pid" ] && kill -0 "$(cat "$HA_DIR/$1.pid")" 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION CMD...
	secs=$1 what=$2
	shift 2
	i=0
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -le $((secs * 5)) ] || die "timed out waiting for $what"
		sleep 0.2
	done
}

check_tools() {
	for t in etcd etcdctl patroni patronictl haproxy "$PGBIN/postgres" /usr/bin/psql; do
		command -v "$t" >/dev/null || die "$t is missing: apt-get install postgresql-15 patroni etcd-server etcd-client haproxy"
	done
	/usr/bin/python3 -c 'import etcd' 2>/dev/null || die "python3-etcd is missing: apt-get install python3-etcd"
}

write_configs() {
	mkdir -p "$HA_DIR"
	cluster=""
	for i in 1 2 3; do cluster="${cluster:+$cluster,}etcd$i=http://127.0.0.1:2380$i"; done
	echo "$cluster" >"$HA_DIR/etcd-cluster"
	for n in $NODES; do
		i=$(n_of "$n")
		mkdir -p "$HA_DIR/$n"
		cat >"$HA_DIR/$n.yml" <<EOF
scope: motcua
name: $n
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:810$i
  connect_address: 127.0.0.1:810$i
etcd3:
  hosts: $ETCD_HOSTS
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        max_connections: 100
        shared_buffers: 32MB
        synchronous_commit: "on"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:$((HA_PORT + i))
  connect_address: 127.0.0.1:$((HA_PORT + i))
  data_dir: $HA_DIR/$n/data
  bin_dir: $PGBIN
  pgpass: $HA_DIR/$n/pgpass
  authentication:
    superuser: {username: postgres, password: $SUPERPASS}
    replication: {username: replicator, password: ha-replicator}
    rewind: {username: rewinder, password: ha-rewinder}
  parameters:
    unix_socket_directories: $HA_DIR/$n
EOF
	done
	{
		cat <<EOF
global
  maxconn 500
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s
  default-server inter 1s fastinter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
# Writes: only the node whose Patroni answers 200 on /primary.
listen primary
  bind 127.0.0.1:$HA_PORT
  option httpchk OPTIONS /primary
  http-check expect status 200
EOF
		for n in $NODES; do i=$(n_of "$n"); echo "  server $n 127.0.0.1:$((HA_PORT + i)) check port 810$i"; done
		cat <<EOF
# Reads that may lag (reports, public pages): the standbys, round robin.
listen replicas
  bind 127.0.0.1:$RO_PORT
  balance roundrobin
  option httpchk OPTIONS /replica
  http-check expect status 200
EOF
		for n in $NODES; do i=$(n_of "$n"); echo "  server $n 127.0.0.1:$((HA_PORT + i)) check port 810$i"; done
	} >"$HA_DIR/haproxy.cfg"
	if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$HA_DIR"; fi
	chmod 700 "$HA_DIR"
}

start_etcd() {
	i=$1
	mkdir -p "$HA_DIR/etcd$i"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$HA_DIR/etcd$i"
	state=new
	[ -d "$HA_DIR/etcd$i/data/member" ] && state=existing
	bg "etcd$i" etcd --name "etcd$i" --data-dir "$HA_DIR/etcd$i/data" \
		--listen-client-urls "http://127.0.0.1:2379$i" --advertise-client-urls "http://127.0.0.1:2379$i" \
		--listen-peer-urls "http://127.0.0.1:2380$i" --initial-advertise-peer-urls "http://127.0.0.1:2380$i" \
		--initial-cluster "$(cat "$HA_DIR/etcd-cluster")" --initial-cluster-state "$state" \
		--initial-cluster-token motcua-ha --heartbeat-interval 100 --election-timeout 1000
}

start_node() {
	n=$1
	alive "$n" && return 0
	bg "$n" /usr/bin/patroni "$HA_DIR/$n.yml"
}

primary() {
	for n in $NODES; do
		i=$(n_of "$n")
		if curl -fs -o /dev/null -X OPTIONS "http://127.0.0.1:810$i/primary"; then
			echo "$n"
			return 0
		fi
	done
	return 1
}

psql_su() { PGPASSWORD=$SUPERPASS /usr/bin/psql -X -q -v ON_ERROR_STOP=1 "host=127.0.0.1 port=$HA_PORT user=postgres dbname=postgres connect_timeout=3" "$@"; }

# ensure_db creates the motcua role and database once; HAProxy may still be
# settling on the primary, so wait_for retries it.
ensure_db() {
	psql_su -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'motcua'" | grep -q 1 ||
		psql_su -c "CREATE ROLE motcua LOGIN PASSWORD 'motcua'" || return 1
	psql_su -tAc "SELECT 1 FROM pg_database WHERE datname = 'motcua'" | grep -q 1 ||
		psql_su -c "CREATE DATABASE motcua OWNER motcua"
}

cmd_up() {
	check_tools
	write_configs
	for i in 1 2 3; do alive "etcd$i" || start_etcd "$i"; done
	wait_for 30 "etcd's quorum" etcdctl --endpoints="$ETCD_HOSTS" endpoint health
	for n in $NODES; do
		start_node "$n"
		# The first node bootstraps the cluster; the others clone it.
		[ "$n" = pg1 ] && wait_for 90 "the first primary" primary
	done
	alive haproxy || bg haproxy haproxy -f "$HA_DIR/haproxy.cfg"
	wait_for 60 "the motcua database" ensure_db
	wait_for 120 "two standbys streaming" healthy
	echo "primary: $(primary)"
	echo "read-write: postgres://motcua:motcua@127.0.0.1:$HA_PORT/motcua?sslmode=disable"
	echo "read-only:  postgres://motcua:motcua@127.0.0.1:$RO_PORT/motcua?sslmode=disable"
}

# healthy: a primary, and two standbys streaming from it, one of them synchronous.
healthy() {
	[ "$(psql_su -tAc "SELECT count(*) FILTER (WHERE state = 'streaming') || ' ' || count(*) FILTER (WHERE sync_state = 'sync')
		FROM pg_stat_replication" 2>/dev/null)" = "2 1" ]
}

cmd_kill_primary() {
	p=$(primary) || die "no primary"
	pm=$(head -1 "$HA_DIR/$p/data/postmaster.pid" 2>/dev/null || true)
	# The postmaster's children too: backends of a postmaster killed with -9
	# would otherwise linger until they notice.
	kids=$([ -n "$pm" ] && pgrep -P "$pm" || true)
	kill -9 "$(cat "$HA_DIR/$p.pid")" $pm $kids 2>/dev/null || true
	echo "$p"
}

cmd_down() {
	for name in haproxy pg1 pg2 pg3; do
		alive "$name" && kill "$(cat "$HA_DIR/$name.pid")" || true
	done
	for n in $NODES; do
		i=0
		while alive "$n" && [ "$i" -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
		pm=$(head -1 "$HA_DIR/$n/data/postmaster.pid" 2>/dev/null || true)
		[ -n "$pm" ] && kill -0 "$pm" 2>/dev/null && as "$PGBIN/pg_ctl" -D "$HA_DIR/$n/data" stop -m fast >/dev/null 2>&1 || true
	done
	for i in 1 2 3; do alive "etcd$i" && kill "$(cat "$HA_DIR/etcd$i.pid")" || true; done
	return 0
}

case "${1:-}" in
up) cmd_up ;;
status) patronictl -c "$HA_DIR/pg1.yml" list ;;
primary) primary || die "no primary" ;;
healthy) healthy ;;
kill-primary) cmd_kill_primary ;;
start)
	[ -n "${2:-}" ] || die "start NODE"
	start_node "$2"
	;;
down) cmd_down ;;
clean)
	cmd_down
	rm -rf "$HA_DIR"
	;;
*) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
