#!/usr/bin/env bash
# LiveKit's RoomService failing, then slow, while calls are started and others are being billed; the service is not
# restarted. Through WireMock's admin API a stub of higher priority than the stand-in's makes every RoomService call
# answer 503 (phase "503"), then answer 200 only after 10 s (phase "slow"); then it is removed ("back"). In each phase
# callers with coins start calls to callees whose websockets are open (WsProbe.java). A call that cannot get its room
# must fail fast and cleanly: a 502 MEDIA_SERVER_UNAVAILABLE problem within a few seconds, the call FAILED, its
# first-minute hold released and nobody left busy. Meanwhile the connected calls set up by lib.sh must go on being
# billed. Then the invariants. See README.md.
#
#   bench/faults/livekit-down.sh [calls-per-phase=10] [connected-calls=200]
set -euo pipefail
per_phase="${1:-10}"
calls="${2:-200}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

fault_start
fault_insert_buyers $((2 * per_phase))
fault_insert_calls "$calls"
fault_fund_buyers 1000
echo "$(fault_machine); $calls connected calls, $per_phase calls started per phase"
# Callers: the first half of the buyers; callees: the second half, online through their websockets.
head -n "$per_phase" "$tokens" > "$work/callers.txt"
tail -n "$per_phase" "$tokens" > "$work/callees.txt"
"$java_bin" -Xmx128m "$faults/WsProbe.java" base="http://127.0.0.1:$port" tokens="$work/callees.txt" \
  sockets="$per_phase" beat=20 > "$work/ws.log" 2>&1 &
probe=$!
trap 'kill "$probe" 2>/dev/null; fault_cleanup' EXIT
until [ "$(grep -c ' ready$' "$work/ws.log")" -ge "$per_phase" ]; do sleep 0.5; done
admin="http://127.0.0.1:$wiremock_port/__admin/mappings"

# start_calls PHASE: every caller calls its callee at once; one line per call in $work/calls-PHASE.txt:
# "status seconds content-type call-id".
start_calls() {
  local i=1 pids=()
  while read -r _ token; do
    callee="$(sed -n "${i}p" "$work/callees.txt" | cut -d' ' -f1)"
    (curl -s -m 30 -o "$work/call-$1-$i.json" -w '%{http_code} %{time_total} %{content_type}\n' \
       -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
       -d "{\"calleeId\":\"$callee\",\"type\":\"AUDIO\"}" "http://127.0.0.1:$port/api/v1/calls" \
       > "$work/call-$1-$i.status" || echo "000 30 -" > "$work/call-$1-$i.status") &
    pids+=($!)
    i=$((i + 1))
  done < "$work/callers.txt"
  wait "${pids[@]}"
  cat "$work"/call-"$1"-*.status > "$work/calls-$1.txt"
  awk -v p="$1" '{ n[$1]++; if ($2 > max) max = $2 } END { printf "%s:", p; for (s in n) printf " %s x%d", s, n[s]; printf ", slowest %.2f s\n", max }' "$work/calls-$1.txt"
}
# cancel_started PHASE: the calls of the phase that did start (201: LiveKit answered, if late) are cancelled by their
# callers, so that the next phase finds everyone free and nothing is left open.
cancel_started() {
  local i=1 call_id
  while read -r _ token; do
    call_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["call"]["id"])' "$work/call-$1-$i.json" 2>/dev/null || true)"
    if [ -n "$call_id" ]; then
      curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/calls/$call_id/cancel"
    fi
    i=$((i + 1))
  done < "$work/callers.txt"
}
billed() { psql "$pg_url" -At -c "select coalesce(sum(billed_minutes), 0) from calls where caller_id in (select id from users where username like 'fault\_%')"; }

billed_before="$(billed)"
status=0
for phase in 503 slow; do
  if [ "$phase" = 503 ]; then
    fault='{"status": 503, "body": "service unavailable"}'
  else
    fault='{"status": 200, "headers": {"Content-Type": "application/protobuf"}, "body": "", "fixedDelayMilliseconds": 10000}'
  fi
  id="$(curl -sf -X POST "$admin" -H 'Content-Type: application/json' -d "{\"priority\": 1,
    \"request\": {\"method\": \"POST\", \"urlPathPattern\": \"/twirp/livekit\\\\.RoomService/.*\"}, \"response\": $fault}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  start_calls "$phase"
  curl -sf -X DELETE "$admin/$id" >/dev/null
  cancel_started "$phase"
  # Every call of this phase must have been refused with a problem, not left ringing.
  if [ "$phase" = 503 ]; then
    awk '$1 != 502 || $3 !~ /problem\+json/ { bad++ } END { exit bad > 0 }' "$work/calls-$phase.txt" \
      || { echo "phase $phase: a call answered other than 502 problem"; status=1; }
  fi
  awk '$2 > 5 { slow++ } END { exit slow > 0 }' "$work/calls-$phase.txt" \
    || { echo "phase $phase: a call took more than 5 s to answer"; status=1; }
  sleep 5
done
# LiveKit back: a call starts again (and is cancelled, leaving nothing open).
start_calls back
awk '$1 != 201 { bad++ } END { exit bad > 0 }' "$work/calls-back.txt" || { echo "LiveKit back: a call did not start"; status=1; }
cancel_started back

# Nothing left of the failed calls: no open hold, nobody in a call, every one FAILED.
leftovers="$(psql "$pg_url" -At -c "
  select (select count(*) from holds h join calls c on h.reference = 'call:' || c.id
          where h.status = 'OPEN' and c.caller_id in (select id from users where username like 'buyer\_%'))
       || ' ' || (select count(*) from call_parties where user_id in (select id from users where username like 'buyer\_%'))
       || ' ' || (select count(*) from calls where caller_id in (select id from users where username like 'buyer\_%')
                  and status not in ('FAILED', 'CANCELLED', 'MISSED', 'ENDED'))")"
read -r open_holds busy_parties unfinished <<< "$leftovers"
echo "buyers' calls: $open_holds open holds, $busy_parties parties in a call, $unfinished calls not ended"
psql "$pg_url" -c "select status, end_reason, count(*) from calls
  where caller_id in (select id from users where username like 'buyer\_%') group by 1, 2 order by 1, 2" || true
[ "$open_holds$busy_parties$unfinished" = 000 ] || status=1
billed_after="$(billed)"
echo "connected calls: $((billed_after - billed_before)) minutes billed during the faults"
[ "$billed_after" -gt "$billed_before" ] || { echo "billing stopped"; status=1; }
sleep 12
fault_check_invariants 30 || status=$?
{
  echo "LIVEKIT_CALLS_PER_PHASE=$per_phase"
  echo "LIVEKIT_CONNECTED_CALLS=$calls"
  for phase in 503 slow back; do
    echo "LIVEKIT_PHASE_${phase^^}=\"$(awk '{ n[$1]++; if ($2 > max) max = $2 } END { for (s in n) printf "%s:%d ", s, n[s]; printf "max_s:%.2f", max }' "$work/calls-$phase.txt")\""
  done
  echo "LIVEKIT_OPEN_HOLDS=$open_holds"
  echo "LIVEKIT_BUSY_PARTIES=$busy_parties"
  echo "LIVEKIT_UNFINISHED_CALLS=$unfinished"
  echo "LIVEKIT_MINUTES_BILLED_DURING=$((billed_after - billed_before))"
  echo "INVARIANTS_EXIT=$status"
} > "$results/livekit-down.env"
echo "livekit-down.sh: $([ "$status" -eq 0 ] && echo "all checks held" || echo "VIOLATED (status $status)")"
exit "$status"
