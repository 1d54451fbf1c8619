#!/usr/bin/env bash
# kill -9 of the service, again and again, while it bills calls and takes purchases; restarted each time on the same
# database and Redis, and the load goes on. Then the invariants (invariants.sql). See README.md.
#
#   bench/faults/kill9.sh [cycles=20] [calls=2000] [purchases-per-second=10]
#
# Calls: N answered and connected calls set up in the database, their minutes starting at spread-out seconds so that
# every reconciler tick (5 s) bills some; the service bills them by the clock. Purchases: FaultLoad.java creates orders
# and delivers Razorpay's signed webhooks (duplicated, with a second event for the same payment, redelivered when not
# answered 200). Each cycle the service runs 2 to 8 s (random) under that load and is killed with SIGKILL, mid-tick or
# mid-request as it falls; the kill times are spread over the 5 s tick so that some land inside billing batches.
set -euo pipefail
cycles="${1:-20}"
calls="${2:-2000}"
rate="${3:-10}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

fault_start
fault_insert_buyers 20
fault_insert_calls "$calls"
echo "$(fault_machine); $calls calls, $rate purchases/s, $cycles kill -9 cycles"
# Long enough for every cycle (up to 8 s up plus the restart); FaultLoad stops at the end of it.
fault_load $((cycles * 25)) "$rate" "$work/load.env"

killed=0
restarts=()
for cycle in $(seq 1 "$cycles"); do
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 2 + 6 * r / 32767 }')"
  ticks="$(psql "$pg_url" -At -c "select coalesce(sum(billed_minutes), 0) from calls")"
  kill -9 "$server"
  wait "$server" 2>/dev/null || true
  killed=$((killed + 1))
  started="$(date +%s%N)"
  bench_launch_service
  restarts+=($((($(date +%s%N) - started) / 1000000)))
  echo "cycle $cycle: killed (minutes billed by then: $ticks), ready again after ${restarts[-1]} ms"
done
echo "load: waiting for the purchases to finish (FaultLoad's run, then its redeliveries)"
kill -0 "$load" 2>/dev/null && wait "$load" || true
cat "$work/load.env"
# Every call due now billed by the restarted service: two ticks.
sleep 12
status=0
fault_check_invariants 20 || status=$?
{
  echo "KILL9_CYCLES=$killed"
  echo "KILL9_CALLS=$calls"
  echo "KILL9_MAX_RESTART_MS=$(printf '%s\n' "${restarts[@]}" | sort -n | tail -1)"
  cat "$work/load.env"
  echo "INVARIANTS_EXIT=$status"
} > "$results/kill9.env"
echo "kill9.sh: $killed kills survived; invariants $([ "$status" -eq 0 ] && echo held || echo VIOLATED)"
exit "$status"
