#!/usr/bin/env bash
# Call billing reconciler: for each N, N answered and connected calls, then CallReconciler.reconcile() ticks through
# the service's own code (CallReconcilerBenchmark, Quarkus + Hibernate + Agroal + Narayana) against one PostgreSQL.
# See README.md.
#
#   bench/calls/run.sh                           # N = 1000 5000 20000, PostgreSQL on 127.0.0.1:5432, user postgres
#   BENCH_CALLS="1000 5000" BENCH_STEADY_SECONDS=30 BENCH_BATCH=1000 bench/calls/run.sh
#   BENCH_PG_SETTINGS="-c shared_buffers=2GB -c max_wal_size=8GB" bench/calls/run.sh
#
# BENCH_PG_SETTINGS: run against a throwaway PostgreSQL of the machine's version started with these settings (on
# BENCH_PG_PORT, default 5499; fsync and synchronous_commit on, as on the machine's) instead of the one on PGPORT.
#
# For each N it drops and recreates the database $BENCH_DB (default banter_bench_calls) and drops it at the end, so
# point it at a throwaway one that no other benchmark shares.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
if [ -n "${BENCH_PG_SETTINGS:-}" ]; then
  pg_bin="${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
  pg_work="$(mktemp -d)"
  chown postgres "$pg_work"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_work/data" -A trust -U postgres >/dev/null
  export PGHOST=127.0.0.1 PGPORT="${BENCH_PG_PORT:-5499}" PGUSER=postgres
  # shellcheck disable=SC2086
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_work/data" -l "$pg_work/log" -w start \
    -o "-p $PGPORT -k $pg_work -c listen_addresses=127.0.0.1 $BENCH_PG_SETTINGS" >/dev/null
  trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_work/data" -m fast stop >/dev/null; rm -rf "$pg_work"' EXIT
fi
db="${BENCH_DB:-banter_bench_calls}"
sizes="${BENCH_CALLS:-1000 5000 20000}"
steady="${BENCH_STEADY_SECONDS:-60}"
out=target/bench-calls
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$out"
rm -f "$out"/*

for n in $sizes; do
  echo "== N=$n: fresh database $db on $PGHOST:$PGPORT"
  dropdb --if-exists "$db"
  createdb "$db"
  # The scheduled reconciler is off ("off" disables a @Scheduled every): the benchmark runs the ticks itself, with the
  # service's batch size unless BENCH_BATCH says otherwise, and a lease longer than any tick.
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
    ./mvnw -B test -Dtest=CallReconcilerBenchmark -Dgroups=bench -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbanter.calls.reconciler.interval=off -Dbanter.calls.reconciler.batch-size="${BENCH_BATCH:-500}" \
    -Dbanter.calls.reconciler.lease=1H -Dcallbench.calls="$n" -Dcallbench.steady-seconds="$steady" \
    -Dcallbench.out="$out/results-$n.env" > "$out/benchmark-$n.log" 2>&1 || true
  grep -E "CallReconcilerBenchmark\]" "$out/benchmark-$n.log" | sed 's/.*CallReconcilerBenchmark\] ([^)]*) /  /' || true
  [ -s "$out/results-$n.env" ] || { echo "run.sh: the benchmark failed; see $out/benchmark-$n.log" >&2; exit 1; }
  settings="$(for name in fsync synchronous_commit shared_buffers max_wal_size; do
    printf ' %s=%s' "$name" "$(psql -Atd "$db" -c "show $name")"; done)"
  echo "PG_VERSION=\"$(psql -Atd "$db" -c 'show server_version')$settings\"" >> "$out/results-$n.env"
  dropdb "$db"
done

row() { printf '%-8s %9s %9s %12s %11s %10s %9s %11s %10s %10s %10s %10s\n' "$@"; }
{
  echo
  echo "Call reconciler benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC1090
  (source "$out/results-${sizes%% *}.env"; echo "postgresql: $PG_VERSION")
  echo
  echo "batch size ${BENCH_BATCH:-500}. (a) one tick, all N due, bill only; (b) the same with every call's participant"
  echo "check due too (ticks until none is due); (c) steady state: a tick every 5 s for ${steady} s with minutes spread"
  echo "over the minute and checks over 30 s."
  echo
  row "N" "(a) s" "(a) min/s" "(a) ms/call" "(a) JVM cpu" "(a) PG cpu" "(b) s" "(b) ms/call" "(c) med s" "(c) max s" "(c) calls" "(c) LK req"
  for n in $sizes; do
    # shellcheck disable=SC1090
    (source "$out/results-$n.env"
     row "$n" "$BILL_ALL_SECONDS" "$BILL_ALL_MINUTES_PER_SECOND" "$BILL_ALL_MS_PER_CALL" "${BILL_ALL_JVM_CPU_SECONDS:-}" \
       "${BILL_ALL_PG_CPU_SECONDS:-}" "$BILL_ASK_SECONDS" \
       "$BILL_ASK_MS_PER_CALL" "$STEADY_TICK_MEDIAN_SECONDS" "$STEADY_TICK_MAX_SECONDS" "$STEADY_CALLS_PER_TICK" \
       "$STEADY_LIVEKIT_PER_TICK")
  done
} | tee "$out/report.txt"
