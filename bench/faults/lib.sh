# Shared by the fault scripts (bench/faults/*.sh): source it. It starts what bench/lib/service.sh starts (a throwaway
# PostgreSQL 15 and redis-server, the packaged service in the prod profile) plus one WireMock standing in for Razorpay's
# orders API and LiveKit's RoomService, and checks the invariants (invariants.sql) at the end.
#
# After fault_start: everything bench_start_service sets ($pg_url, $port, $server, $work...), $wiremock_port, and
# $tokens (a file of "user-id token" lines for the users fault_insert_buyers made). Results go to target/bench-faults.

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
# shellcheck source=../lib/service.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/service.sh"
faults="$root/bench/faults"
results="$root/target/bench-faults"
mkdir -p "$results"
wiremock_jar="${WIREMOCK_JAR:-$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar}"
wiremock_port="$(bench_free_port)"
tokens="$work/tokens.txt"
acks="$work/acks.txt"
: > "$acks"

fault_cleanup() {
  set +e
  [ -n "${load:-}" ] && kill "$load" 2>/dev/null
  # A killed run must not leave a service behind: it is stopped hard, the database and Redis then by bench_cleanup.
  [ -n "${server:-}" ] && kill -9 "$server" 2>/dev/null
  [ -n "${wiremock:-}" ] && kill "$wiremock" 2>/dev/null && wait "$wiremock" 2>/dev/null
  bench_cleanup
}
trap fault_cleanup EXIT

# fault_start [NAME=value ...]: the stand-in, then the databases and the service (extra environment as for
# bench_start_service). LiveKit participant checks are pushed past the run: the calls are set up in the database and no
# SFU reports on them; billing goes on by the clock.
fault_start() {
  mkdir -p "$work/wiremock/mappings"
  cp "$faults"/stand-ins/*.json "$work/wiremock/mappings/"
  "$java_bin" -Xmx256m -jar "$wiremock_jar" --port "$wiremock_port" --bind-address 127.0.0.1 \
    --root-dir "$work/wiremock" --disable-banner --no-request-journal > "$work/wiremock.log" 2>&1 &
  wiremock=$!
  until curl -sf "http://127.0.0.1:$wiremock_port/__admin/mappings" >/dev/null; do
    kill -0 "$wiremock" 2>/dev/null || { cat "$work/wiremock.log"; exit 1; }
    sleep 0.2
  done
  bench_start_service BANTER_RAZORPAY_BASE_URL="http://127.0.0.1:$wiremock_port" \
    BANTER_LIVEKIT_API_URL="http://127.0.0.1:$wiremock_port" BANTER_CALLS_PARTICIPANT_CHECK_EVERY=1H \
    BANTER_CALLS_DEPARTURE_TIMEOUT=1H "$@"
}

# fault_insert_calls N: 2N users with coins (funded from issuance through transfers, as a purchase would), N answered
# and connected calls between them whose minutes start at spread-out seconds of the minute (so that every tick bills
# some), each with its first-minute hold as the service places it.
fault_insert_calls() {
  psql "$pg_url" -q -v ON_ERROR_STOP=1 -v n="$1" <<'SQL'
insert into users (id, username, full_name, created_at, updated_at)
  select gen_random_uuid(), 'fault_' || u, 'Fault ' || u, now(), now() from generate_series(1, 2 * :n) u;
insert into accounts (id, owner_id, type, balance, created_at)
  select gen_random_uuid(), id, t, case t when 'COINS' then 100000 else 0 end, now()
  from users, unnest(array['COINS', 'EARNINGS']) t where username like 'fault\_%';
insert into transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
  select gen_random_uuid(), 'fault-funding:' || id, 'COIN_PURCHASE', '00000000-0000-0000-0000-000000000001', id,
         balance, now()
  from accounts where type = 'COINS' and balance > 0;
update accounts set balance = balance - (select sum(amount) from transfers where idempotency_key like 'fault-funding:%')
  where id = '00000000-0000-0000-0000-000000000001';
-- Caller 2i - 1, callee 2i; connected between 0 and 60 s ago, 5 s grace, so minute 1 starts over the coming minute.
with numbered as (select id, row_number() over (order by username) as r from users where username like 'fault\_%'),
     pairs as (select a.id as caller, b.id as callee, a.r as i, now() - random() * interval '60 s' as connected
               from numbered a join numbered b on b.r = a.r + 1 where a.r % 2 = 1)
insert into calls (id, caller_id, callee_id, type, status, room_name, rate_per_minute, callee_share_percent,
                   grace_seconds, ring_expires_at, answered_at, caller_joined_at, callee_joined_at, connected_at,
                   both_present, next_minute_at, next_check_at, participants_checked_at, created_at, updated_at)
  select id, caller, callee, 'AUDIO', 'ANSWERED', 'call-' || id, 10, 60, 5, connected + interval '30 s',
         connected - interval '1 s', connected - interval '1 s', connected, connected, true,
         connected + interval '5 s', connected + interval '5 s', connected, connected - interval '10 s', connected
  from (select gen_random_uuid() as id, * from pairs) p;
insert into call_parties (user_id, call_id)
  select caller_id, id from calls where status = 'ANSWERED' union all select callee_id, id from calls where status = 'ANSWERED';
insert into holds (id, idempotency_key, account_id, placed, amount, captured, status, reference, expires_at, created_at)
  select gen_random_uuid(), 'call:' || c.id || ':hold:1', a.id, c.rate_per_minute, c.rate_per_minute, 0, 'OPEN',
         'call:' || c.id, now() + interval '3 minutes', c.created_at
  from calls c join accounts a on a.owner_id = c.caller_id and a.type = 'COINS' where c.status = 'ANSWERED';
update accounts a set held = h.amount from holds h where h.account_id = a.id and h.status = 'OPEN';
update calls c set hold_id = h.id from holds h where h.idempotency_key = 'call:' || c.id || ':hold:1';
analyze;
SQL
}

# fault_insert_buyers N: N users with empty wallets, and their access tokens in $tokens (before any other users exist:
# bench_tokens signs one for every user, with openssl, which takes a while on a loaded machine).
fault_insert_buyers() {
  bench_insert_users "$1" buyer
  psql "$pg_url" -q -c "insert into accounts (id, owner_id, type, created_at)
    select gen_random_uuid(), u.id, t, now() from users u, unnest(array['COINS', 'EARNINGS']) t"
  bench_tokens "$tokens"
}

# fault_load SECONDS RATE REPORT [key=value ...]: purchases (FaultLoad.java) in the background; its pid in $load.
# Extra arguments go to FaultLoad (reads=N, purchases=false, phase=FILE).
fault_load() {
  "$java_bin" -Xmx256m "$faults/FaultLoad.java" base="http://127.0.0.1:$port" tokens="$tokens" seconds="$1" \
    rate="$2" secret=bench acks="$acks" report="$3" "${@:4}" > "$work/load.log" 2>&1 &
  load=$!
}

# fault_check_invariants LAG_SECONDS: the acknowledged purchases into fault_acks, then invariants.sql; returns its
# exit status (0: no violation).
fault_check_invariants() {
  psql "$pg_url" -q -c "create table if not exists fault_acks (kind text not null, ref text not null)" \
    -c "truncate fault_acks"
  sort -u "$acks" | tr ' ' '\t' | psql "$pg_url" -q -c "\\copy fault_acks (kind, ref) from stdin"
  psql "$pg_url" -v ON_ERROR_STOP=1 -v lag_seconds="$1" -f "$faults/invariants.sql"
}

# fault_machine: one line on the machine and the load average, for the README.
fault_machine() {
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# fault_fund_buyers COINS: every buyer (fault_insert_buyers) with an empty wallet gets COINS coins, issued through a
# transfer as a purchase would issue them, so that the books stay balanced (after fault_insert_calls, which funds
# every account with coins it finds).
fault_fund_buyers() {
  psql "$pg_url" -q -v ON_ERROR_STOP=1 -v coins="$1" <<'SQL'
with funded as (
  update accounts a set balance = balance + :coins
    from users u where u.id = a.owner_id and u.username like 'buyer\_%' and a.type = 'COINS' and a.balance = 0
    returning a.id),
     moved as (
  insert into transfers (id, idempotency_key, kind, from_account, to_account, amount, created_at)
    select gen_random_uuid(), 'fault-buyer-funding:' || id, 'COIN_PURCHASE', '00000000-0000-0000-0000-000000000001', id,
           :coins, now() from funded
    returning amount)
update accounts set balance = balance - (select coalesce(sum(amount), 0) from moved)
  where id = '00000000-0000-0000-0000-000000000001';
SQL
}
