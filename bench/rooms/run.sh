#!/usr/bin/env bash
# Rooms benchmark: one packaged instance, one room with N listeners' websockets and 10 speakers; how long a room event
# takes to reach every member, and how fast a burst of joins is admitted. See README.md.
#   bench/rooms/run.sh [scenario=rooms] [listeners=5000] [events=100]
# scenario "presence" drives the same fan-out (one sendToUsers to N users) without rooms: a speaker with N friends
# opens and closes its websocket. Not a test: run it by hand on a quiet machine.
set -euo pipefail

scenario="${1:-rooms}"
listeners="${2:-5000}"
events="${3:-100}"
speakers=10
burst="${BENCH_BURST:-2000}"  # joins in the burst, into a room of capacity BENCH_BURST_CAPACITY (1000)
# shellcheck source=../lib/service.sh
source "$(dirname "$0")/../lib/service.sh"
livekit_port="$(bench_free_port)"
# No LiveKit here: RoomService goes to the client's stand-in, and the reconciler's LiveKit-driven clean-ups (members who
# never showed up at LiveKit, empty rooms, an absent host) are pushed past the end of the run.
bench_start_service BANTER_LIVEKIT_API_URL="http://127.0.0.1:$livekit_port" BANTER_ROOMS_MAX_CAPACITY=20000 \
  BANTER_ROOMS_JOIN_GRACE=1H BANTER_ROOMS_PARTICIPANT_CHECK_EVERY=1H BANTER_ROOMS_EMPTY_TIMEOUT=1H \
  BANTER_ROOMS_HOST_GRACE=1H ${BENCH_SERVICE_ENV:-}

bench_insert_users "$listeners" listener
bench_insert_users "$speakers" speaker
psql "$pg_url" -At -c "select id from users where username like 'listener\\_%' order by username" > "$work/listeners.txt"
psql "$pg_url" -At -c "select id from users where username like 'speaker\\_%' order by username" > "$work/speakers.txt"
if [ "$scenario" = presence ]; then
  # The first speaker is everyone's friend: its presence goes to all N listeners.
  psql "$pg_url" -q -c "
    insert into friendships (user_id, friend_id, created_at)
      select s.id, l.id, now() from users s, users l where s.username = 'speaker_1' and l.username like 'listener\\_%'
      union all
      select l.id, s.id, now() from users s, users l where s.username = 'speaker_1' and l.username like 'listener\\_%';"
else
  bench_insert_users "$burst" joiner
  bench_insert_users "$burst" warmjoiner
  bench_insert_users 3 host
  psql "$pg_url" -At -c "select id from users where username like 'joiner\\_%' order by username" > "$work/joiners.txt"
  psql "$pg_url" -At -c "select id from users where username like 'warmjoiner\\_%' order by username" > "$work/warm-joiners.txt"
  psql "$pg_url" -At -c "select id from users where username like 'host\\_%' order by username" > "$work/hosts.txt"
fi

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$("$java_bin" -version 2>&1 | head -1); PostgreSQL $(psql "$pg_url" -Atc 'show server_version'); $(redis-server --version | cut -d' ' -f3)"
echo "instance: pid $server, -Xmx$heap, -XX:+UseSerialGC; scenario $scenario, $listeners listeners, $speakers speakers, $events events"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -Xmx2g "$root/bench/rooms/RoomBench.java" scenario="$scenario" base="http://127.0.0.1:$port" \
  key="$work/private.pem" pid="$server" livekit-port="$livekit_port" listeners="$work/listeners.txt" \
  speakers="$work/speakers.txt" joiners="$work/joiners.txt" warm-joiners="$work/warm-joiners.txt" hosts="$work/hosts.txt" events="$events" warmup="${BENCH_WARMUP:-20}" \
  burst-capacity="${BENCH_BURST_CAPACITY:-1000}" ${BENCH_JOIN_OVER_HTTP:+no-}pg-url="$pg_url"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
