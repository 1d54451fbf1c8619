#!/usr/bin/env bash
# PostgreSQL stopped for a while under load, then started again; the service is not restarted. While the database is
# down every request must fail fast with a 503 problem (not a 500, not a hang): FaultLoad reports the answers by status
# and the slowest failure. After it is back the service must serve again by itself. Then the invariants. See README.md.
#
#   bench/faults/postgres-restart.sh [down-seconds=10] [calls=1000] [purchases-per-second=20]
set -euo pipefail
down="${1:-10}"
calls="${2:-1000}"
rate="${3:-20}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

fault_start
fault_insert_buyers 20
fault_insert_calls "$calls"
echo "$(fault_machine); $calls calls, $rate purchases/s, PostgreSQL down ${down} s"
fault_load $((down + 40)) "$rate" "$work/load.env"
sleep 15
echo "stopping PostgreSQL (fast shutdown: open connections are cut)"
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null
stopped="$(date +%s%N)"
sleep "$down"
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" >/dev/null
echo "PostgreSQL back after $((($(date +%s%N) - stopped) / 1000000)) ms"
# The service on its own: health ready again, and an authenticated read answered 200.
token="$(head -1 "$tokens" | cut -d' ' -f2)"
recovered=""
for _ in $(seq 1 300); do
  if curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/wallet"; then
    recovered="$((($(date +%s%N) - stopped) / 1000000 - down * 1000))"
    break
  fi
  sleep 0.1
done
echo "service serving again ${recovered:-never (30 s)} ms after PostgreSQL was started"
wait "$load" || true
cat "$work/load.env"
sleep 12
status=0
fault_check_invariants 30 || status=$?
[ -n "$recovered" ] || status=1
# While PostgreSQL is down requests get 503 problems, never a 500.
# shellcheck disable=SC1091
source "$work/load.env"
[ "$LOAD_500" -eq 0 ] && [ "$LOAD_5XX_NOT_PROBLEM" -eq 0 ] || { echo "a 500 or a 5xx without a problem"; status=1; }
{
  echo "PG_DOWN_SECONDS=$down"
  echo "PG_RECOVERED_MS=${recovered:-never}"
  cat "$work/load.env"
  echo "INVARIANTS_EXIT=$status"
} > "$results/postgres-restart.env"
exit "$status"
