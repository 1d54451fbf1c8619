#!/usr/bin/env bash
# Redis stopped under a light load for a while, then started again on the same port (empty, as a restarted Redis
# without persistence is); the service is not restarted. While Redis is down every request must answer 2xx or a 503
# problem (never a 500, never a hang): FaultLoad counts the answers per endpoint and phase (before, down, after) with
# the slowest failure. Afterwards realtime must recover by itself: websockets kept open by WsProbe.java (reopened a
# second after any close, as the app does) get `ready` again, and a user's own presence reads online again (the
# restarted Redis lost it; the next heartbeat puts it back). Then the invariants. See README.md.
#
#   bench/faults/redis-down.sh [down-seconds=15] [calls=200] [purchases-per-second=2]
#
# Load: purchases at the given rate, each slot also reading GET /api/v1/me and GET /api/v1/wallet twice; N connected
# calls billed by the reconciler. Presence lasts 15 s here (BANTER_REALTIME_PRESENCE_TTL; 90 s by default) and the
# probe beats every 5 s, so that recovery shows within seconds.
set -euo pipefail
down="${1:-15}"
calls="${2:-200}"
rate="${3:-2}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

fault_start BANTER_REALTIME_PRESENCE_TTL=15S
fault_insert_buyers 10
fault_insert_calls "$calls"
echo "$(fault_machine); $calls calls, $rate purchases/s with 4 reads each, Redis down ${down} s"
phase="$work/phase"
echo before > "$phase"
"$java_bin" -Xmx128m "$faults/WsProbe.java" base="http://127.0.0.1:$port" tokens="$tokens" sockets=5 beat=5 \
  > "$work/ws.log" 2>&1 &
probe=$!
trap 'kill "$probe" 2>/dev/null; fault_cleanup' EXIT
fault_load $((down + 45)) "$rate" "$work/load.env" reads=2 phase="$phase"
sleep 15
echo "stopping Redis"
echo down > "$phase"
kill "$redis"
wait "$redis" 2>/dev/null || true
stopped="$(date +%s%N)"
sleep "$down"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
redis=$!
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
started_ms="$(($(date +%s%N) / 1000000))"
echo after > "$phase"
echo "Redis back after $(((started_ms * 1000000 - stopped) / 1000000)) ms"

# The service on its own: a websocket ready again after Redis came back, and user 1's own presence online again.
user="$(head -1 "$tokens" | cut -d' ' -f1)"
token="$(head -1 "$tokens" | cut -d' ' -f2)"
presence_ms=""
for _ in $(seq 1 300); do
  if curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/presence?userIds=$user" \
      | grep -qi '"status":"\(online\|busy\)"'; then
    presence_ms="$(($(date +%s%N) / 1000000 - started_ms))"
    break
  fi
  sleep 0.1
done
echo "own presence visible again ${presence_ms:-never (30 s)} ms after Redis was started"
sleep 5
ready_after="$(awk -v t="$started_ms" '$1 >= t && $3 == "ready"' "$work/ws.log" | wc -l)"
first_ready_ms="$(awk -v t="$started_ms" '$1 >= t && $3 == "ready" { print $1 - t; exit }' "$work/ws.log")"
closes="$(awk '$3 == "closed" || $3 == "error"' "$work/ws.log" | wc -l)"
refusals="$(awk '$3 == "refused"' "$work/ws.log" | wc -l)"
echo "websockets: $closes closed, $refusals reopenings refused, $ready_after ready after Redis came back" \
  "(first after ${first_ready_ms:-never} ms)"
wait "$load" || true
cat "$work/load.env"
sleep 12
status=0
fault_check_invariants 30 || status=$?
# shellcheck disable=SC1091
source "$work/load.env"
[ -n "$presence_ms" ] || { echo "presence did not come back"; status=1; }
[ "$LOAD_500" -eq 0 ] && [ "$LOAD_5XX_NOT_PROBLEM" -eq 0 ] || { echo "a 500 or a 5xx without a problem"; status=1; }
[ "$LOAD_TIMED_OUT" -eq 0 ] || { echo "requests hung beyond 10 s"; status=1; }
{
  echo "REDIS_DOWN_SECONDS=$down"
  echo "REDIS_CALLS=$calls"
  echo "REDIS_PRESENCE_BACK_MS=${presence_ms:-never}"
  echo "REDIS_WS_CLOSES=$closes"
  echo "REDIS_WS_REFUSED_REOPENINGS=$refusals"
  echo "REDIS_WS_READY_AFTER=$ready_after"
  echo "REDIS_WS_FIRST_READY_AFTER_MS=${first_ready_ms:-never}"
  cat "$work/load.env"
  echo "INVARIANTS_EXIT=$status"
} > "$results/redis-down.env"
echo "redis-down.sh: $([ "$status" -eq 0 ] && echo "all checks held" || echo "VIOLATED (status $status)")"
exit "$status"
