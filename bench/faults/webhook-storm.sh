#!/usr/bin/env bash
# Razorpay's and LiveKit's webhooks in a storm (WebhookStorm.java): each signed as its provider signs it, at ~500
# deliveries/s, with duplicates (same event id), several events for one payment or room, events out of order and with
# old timestamps, all interleaved; deliveries not answered 200 delivered again. Then the invariants: no purchase
# credited twice (however many events said it was paid), none lost, no call billed beyond its end or ended twice;
# and, from the answers, no event id answered PROCESSED twice (no webhook applied twice). See README.md.
#
#   bench/faults/webhook-storm.sh [orders=500] [calls=300] [deliveries-per-second=500]
#
# Per order: payment.captured three times (one event id), order.paid (another), a payment.failed dated an hour back.
# Per connected call (set up by lib.sh): participant_joined of both parties twice, participant_left of the caller dated
# ten minutes back, room_finished three times (two event ids), a participant_joined after it.
set -euo pipefail
orders="${1:-500}"
calls="${2:-300}"
rate="${3:-500}"
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

fault_start
fault_insert_buyers 20
fault_insert_calls "$calls"
echo "$(fault_machine); $orders orders, $calls connected calls, $rate deliveries/s"
psql "$pg_url" -At -c "select id, caller_id, callee_id from calls where status = 'ANSWERED'" > "$work/calls.txt"
status=0
"$java_bin" -Xmx256m "$faults/WebhookStorm.java" base="http://127.0.0.1:$port" tokens="$tokens" orders="$orders" \
  calls="$work/calls.txt" rate="$rate" razorpay-secret=bench livekit-key=bench \
  livekit-secret=bench-secret-of-32-characters-min acks="$acks" report="$work/storm.env" || status=$?
# shellcheck disable=SC1091
source "$work/storm.env"
[ "$STORM_EVENTS_PROCESSED_TWICE" -eq 0 ] || { echo "an event was applied twice"; status=1; }
[ "$STORM_UNDELIVERED" -eq 0 ] || { echo "deliveries never answered 200"; status=1; }
psql "$pg_url" -c "select status, count(*) from purchases group by 1 order by 1" \
  -c "select status, end_reason, count(*) from calls group by 1, 2 order by 1, 2"
sleep 12
fault_check_invariants 30 || status=$?
{
  echo "STORM_ORDERS=$orders"
  echo "STORM_CALLS=$calls"
  cat "$work/storm.env"
  echo "STORM_PAID=$(psql "$pg_url" -At -c "select count(*) from purchases where status = 'PAID'")"
  echo "STORM_CALLS_ENDED=$(psql "$pg_url" -At -c "select count(*) from calls where status = 'ENDED'")"
  echo "INVARIANTS_EXIT=$status"
} > "$results/webhook-storm.env"
echo "webhook-storm.sh: $([ "$status" -eq 0 ] && echo "all checks held" || echo "VIOLATED (status $status)")"
exit "$status"
