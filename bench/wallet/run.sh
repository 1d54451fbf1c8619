#!/usr/bin/env bash
# Wallet ledger throughput in one run against one PostgreSQL: the service's own Ledger.transfer (LedgerBenchmark,
# through Quarkus, Hibernate, Agroal and Narayana) in rounds alternating with pgbench running the equivalent SQL.
# See README.md.
#
#   bench/wallet/run.sh            # PostgreSQL on 127.0.0.1:5432, user postgres, 16 clients, 3 rounds of 15 s runs
#   BENCH_CLIENTS=8 BENCH_SECONDS=30 BENCH_ROUNDS=5 bench/wallet/run.sh
#
# It drops and recreates the database $BENCH_DB (default banter_bench_wallet), so point it at a throwaway one that no
# other benchmark shares.
set -euo pipefail
cd "$(dirname "$0")/../.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
db="${BENCH_DB:-banter_bench_wallet}"
clients="${BENCH_CLIENTS:-16}"
seconds="${BENCH_SECONDS:-15}"
rounds="${BENCH_ROUNDS:-3}"
out=target/bench-wallet
pgbench="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)"
[ -x "$pgbench" ] || { echo "run.sh: pgbench not found (it comes with the PostgreSQL server packages)" >&2; exit 1; }
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$out"
rm -f "$out"/*

echo "== fresh database $db on $PGHOST:$PGPORT"
dropdb --if-exists "$db"
createdb "$db"

echo "== $rounds rounds of: service, then pgbench, on the hot wallet and on 10,000 wallets ($seconds s each)"
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
  ./mvnw -B test -Dtest=LedgerBenchmark -Dgroups=bench -DexcludedGroups=none \
  -Dbanter.bench.threads="$clients" -Dbanter.bench.seconds="$seconds" -Dbanter.bench.rounds="$rounds" \
  -Dbanter.bench.pgbench="$pgbench" -Dbanter.bench.database="$db" -Dbanter.bench.out="$out/results.env" \
  > "$out/benchmark.log" 2>&1 || true
grep -E "LedgerBenchmark\]" "$out/benchmark.log" | sed 's/.*LedgerBenchmark\] ([^)]*) /  /' || true
[ -s "$out/results.env" ] || { echo "run.sh: the benchmark failed; see $out/benchmark.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$out/results.env"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { printf '%-16s %10s %24s %17s %22s\n' "$@"; }
{
  echo
  echo "Wallet ledger benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'); medians of $rounds rounds"
  echo "machine:    $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "postgresql: $(psql -Atd "$db" -c 'show server_version'), fsync=$(psql -Atd "$db" -c 'show fsync'), synchronous_commit=$(psql -Atd "$db" -c 'show synchronous_commit')"
  echo "load:       $clients concurrent clients, 1-coin transfers"
  echo
  row "transfers/s" "service" "pgbench UPDATE+INSERT" "service/pgbench" "pgbench service SQL"
  row "one hot wallet" "$SERVICE_HOT" "$PG_HOT" "$(ratio "$SERVICE_HOT" "$PG_HOT")" "$PG_HOT_SERVICE_SQL"
  row "10,000 wallets" "$SERVICE_SPREAD" "$PG_SPREAD" "$(ratio "$SERVICE_SPREAD" "$PG_SPREAD")" "$PG_SPREAD_SERVICE_SQL"
  echo
  echo "rounds: service hot $SERVICE_HOT_ROUNDS | pgbench hot $PG_HOT_ROUNDS | service SQL hot $PG_HOT_SERVICE_SQL_ROUNDS"
  echo "        service spread $SERVICE_SPREAD_ROUNDS | pgbench spread $PG_SPREAD_ROUNDS | service SQL spread $PG_SPREAD_SERVICE_SQL_ROUNDS"
} | tee "$out/report.txt"
dropdb "$db"
