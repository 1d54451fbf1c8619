#!/usr/bin/env bash
# Realtime gateway benchmark: one packaged instance, N authenticated websockets, DMs at a fixed rate.
#   bench/realtime/run.sh [connections=10000] [messages-per-second=500] [seconds=30] [warm-up-round-seconds=15]
# Starts its own PostgreSQL 15 (Debian's binaries, run as the postgres user) and redis-server on free loopback ports,
# so that nothing else using the machine's shared servers skews the figures; everything it starts stops when it ends.
set -euo pipefail

connections="${1:-10000}"
rate="${2:-500}"
seconds="${3:-30}"
warmup="${4:-15}"
# shellcheck source=../lib/service.sh
source "$(dirname "$0")/../lib/service.sh"
# The client sends no heartbeats: a presence TTL longer than any run keeps every user online throughout, as heartbeating
# phones are, so that a slow run does not turn into the offline path (a push notification per message).
bench_start_service BANTER_REALTIME_PRESENCE_TTL=30M

# Bench users, with DMs open so that any two may message each other.
bench_insert_users "$connections" bench
psql "$pg_url" -At -c "select id from users" > "$work/users.txt"

echo "instance: pid $server, $server_mode; $connections users; $rate msg/s for $seconds s after warm-up rounds of $warmup s until the JIT is quiet"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -Xmx2g "$root/bench/realtime/RealtimeBench.java" "http://127.0.0.1:$port" "$work/users.txt" \
  "$work/private.pem" "$server" "$rate" "$seconds" "$warmup" "http://127.0.0.1:$management_port"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
