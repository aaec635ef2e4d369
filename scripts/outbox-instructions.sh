#!/usr/bin/env bash
# What a portal message costs a dossier change, in instructions: a figure the
# load of a shared machine cannot move (CPU time can; docs/portal.md, "What
# the outbox costs a change").
#   [DOSSIERS=1000000] [LIVES=200] [WARM=10] [REPEAT=2] scripts/outbox-instructions.sh
# Runs BenchmarkChangeWithMessage (internal/store/bench_outbox_test.go) under
# valgrind's callgrind, one mode per process (MOTCUA_BENCH_MODE), on a copy of
# the same fixture of DOSSIERS dossiers (built natively once, kept in
# MOTCUA_BENCH_FIXTURE, default /tmp/motcua-bench-fixture). A mode's cost is
# the instructions of WARM+LIVES lifecycles less those of WARM lifecycles,
# over LIVES: what starting the process, copying the fixture and the first
# lifecycles (statements not yet prepared) cost cancels out. The portal
# messages are left queued (MOTCUA_BENCH_BACKLOG=1): the worker that sends
# them is not the change. The count is of the program's own work: the Go
# runtime's garbage collector is off (GOGC=off: what it would cost grows
# with the bytes allocated, which `go test -benchmem` reports) and the
# process has one P (GOMAXPROCS=1), so that no idle worker spins.
# What the short run costs varies by tens of millions of instructions from
# one process to the next (the runtime's threads, the statements' preparer),
# hence the many lifecycles: about 1 % of a lifecycle's count with 200.
# Needs valgrind (apt-get install valgrind). About 20 minutes for the
# defaults on a quiet 2-core machine, the fixture's first build included.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${DOSSIERS:-1000000}
lives=${LIVES:-200}
warm=${WARM:-10}
repeat=${REPEAT:-2}
fixture=${MOTCUA_BENCH_FIXTURE:-/tmp/motcua-bench-fixture}
command -v valgrind >/dev/null || { echo "valgrind is missing: apt-get install valgrind" >&2; exit 1; }
bin=$(mktemp /tmp/motcua-outbox-instructions.XXXXXX)
trap 'rm -f "$bin"' EXIT
# Without cgo: callgrind aborts on the signal masks of cgo's thread start.
CGO_ENABLED=0 go test -c -o "$bin" ./internal/store/
cd internal/store
export MOTCUA_BENCH_FIXTURE=$fixture MOTCUA_BENCH_DOSSIERS=$n
echo "fixture: $n dossiers in $fixture (built once)"
MOTCUA_BENCH_MODE=without "$bin" -test.run '^$' -test.bench 'ChangeWithMessage$' -test.benchtime 1x >/dev/null

# count MODE LIFECYCLES prints the instructions of a process running them.
count() {
  GOGC=off GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 MOTCUA_BENCH_BACKLOG=1 MOTCUA_BENCH_MODE=$1 \
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" -test.run '^$' -test.bench 'ChangeWithMessage$' -test.benchtime "${2}x" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# per MODE prints the instructions of one lifecycle.
per() {
  local long short
  long=$(count "$1" $((warm + lives)))
  short=$(count "$1" "$warm")
  [ -n "$long" ] && [ -n "$short" ] || { echo "callgrind gave no count for $1" >&2; exit 1; }
  echo $(((long - short) / lives))
}
ratios=()
for r in $(seq 1 "$repeat"); do
  # Alternate the order, as the CPU benchmark does.
  if [ $((r % 2)) -eq 1 ]; then
    without=$(per without)
    with=$(per with)
  else
    with=$(per with)
    without=$(per without)
  fi
  ratio=$(awk -v a="$with" -v b="$without" 'BEGIN { printf "%+.1f", (a / b - 1) * 100 }')
  ratios+=("$ratio")
  printf 'pair %d: without %d, with %d instructions per lifecycle: %s %%\n' "$r" "$without" "$with" "$ratio"
done
printf '%s\n' "${ratios[@]}" | sort -g |
  awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "median of %d pairs: %+.1f %%\n", NR, m }'
