#!/usr/bin/env bash
# Matching benchmark: one packaged instance, N users connected by websocket who all join the matching queue at once
# (10 languages, random interests); how long until everyone is matched, and each user's wait from joining to
# match.found. See README.md.
#   bench/matching/run.sh [users=10000] [in-flight=64]
# Not a test: run it by hand on a quiet machine.
set -euo pipefail

users="${1:-10000}"
in_flight="${2:-64}"
# shellcheck source=../lib/service.sh
source "$(dirname "$0")/../lib/service.sh"
livekit_port="$(bench_free_port)"
# No LiveKit here: CreateRoom goes to the client's stand-in. The call reconciler would fail the matched calls whose
# parties never join a room (nobody joins here) after banter.calls.connect-timeout; that is past the end of the run.
bench_start_service BANTER_LIVEKIT_API_URL="http://127.0.0.1:$livekit_port" ${BENCH_SERVICE_ENV:-}

bench_insert_users "$users" matcher
# A warm-up crowd of its own (BENCH_WARMUP users, 6,000 by default; 0 for none) is matched first, unmeasured, by
# the same client process: the first matches of a fresh JVM run interpreted code and load classes (seconds for the
# first tick), which a pod that has been up for a while no longer does; with 1,000 the JIT still took almost half of
# the service's CPU in the measured crowd.
# BENCH_WARMUP_ROUNDS such crowds (1 by default), one after the other, each of users of its own: each round prints
# the JIT compiler's share of the service's CPU, which shrinks round by round.
warmup="${BENCH_WARMUP:-6000}"
rounds="${BENCH_WARMUP_ROUNDS:-1}"
[ "$warmup" -gt 0 ] || rounds=0
for ((round = 1; round <= rounds; round++)); do bench_insert_users "$warmup" "warmup$round"; done
# Coins for each: the queue admits only users who could pay a call's first minute. Granted from issuance as the
# ledger would (one transfer each, issuance's balance minus the total), so the books balance.
psql "$pg_url" -q -c "
  insert into accounts (id, owner_id, type, balance)
    select gen_random_uuid(), id, 'COINS', 1000 from users
    where username like 'matcher\\_%' or username like 'warmup%\\_%';
  insert into transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
    select gen_random_uuid(), 'bench-grant-' || a.id, 'SIGNUP_GRANT', '00000000-0000-0000-0000-000000000001', a.id,
           1000, now()
    from accounts a where a.type = 'COINS';
  update accounts set balance = balance - 1000 * (select count(*) from accounts where type = 'COINS')
    where id = '00000000-0000-0000-0000-000000000001';
  analyze accounts; analyze transfers;"
psql "$pg_url" -At -c "select id from users where username like 'matcher\\_%' order by username" > "$work/users.txt"
crowds=()
for ((round = 1; round <= rounds; round++)); do
  psql "$pg_url" -At -c "select id from users where username like 'warmup${round}\\_%' order by username" \
    > "$work/warmup$round.txt"
  crowds+=("$work/warmup$round.txt")
done

match_bench() {
  # shellcheck disable=SC2086 # BENCH_CLIENT_OPTS is a list of JVM options
  "$java_bin" -Xmx2g ${BENCH_CLIENT_OPTS:-} "$root/bench/matching/MatchBench.java" base="http://127.0.0.1:$port" \
    key="$work/private.pem" \
    pid="$server" redis-pid="$redis" pg-pid="$(head -1 "$work/pg/postmaster.pid")" livekit-port="$livekit_port" \
    redis-port="$redis_port" in-flight="$in_flight" timeout-seconds="${BENCH_TIMEOUT:-120}" \
    preload="${BENCH_PRELOAD:-false}" join-rate="${BENCH_JOIN_RATE:-0}" "$@"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$("$java_bin" -version 2>&1 | head -1); PostgreSQL $(psql "$pg_url" -Atc 'show server_version'); $(redis-server --version | cut -d' ' -f3)"
echo "instance: pid $server, -Xmx$heap, -XX:+UseSerialGC; $users users, $in_flight joins in flight"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$rounds" -gt 0 ]; then
  echo "warm-up (not measured): $rounds crowd(s) of $warmup other users matched first, by the same client process"
  match_bench warmup="$(IFS=,; echo "${crowds[*]}")" users="$work/users.txt"
else
  match_bench users="$work/users.txt"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
psql "$pg_url" -At -F ' ' -c "select 'calls by status (warm-up included):', string_agg(status || ' ' || n, ', ') from
  (select status, count(*) n from calls group by status) s; select 'matches recorded (warm-up included):', count(*) from matches;
  select 'books balance (sum of balances):', sum(balance) from accounts;"
