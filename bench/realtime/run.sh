#!/usr/bin/env bash
# Realtime gateway benchmark: one packaged instance, N authenticated websockets, DMs at a fixed rate.
#   bench/realtime/run.sh [connections=10000] [messages-per-second=500] [seconds=30] [warm-up-seconds=15]
# Starts its own PostgreSQL 15 (Debian's binaries, run as the postgres user) and redis-server on free loopback ports,
# so that nothing else using the machine's shared servers skews the figures; everything it starts stops when it ends.
set -euo pipefail

connections="${1:-10000}"
rate="${2:-500}"
seconds="${3:-30}"
warmup="${4:-15}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
heap="${BENCH_SERVER_XMX:-512m}"
pg_bin="${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port="$(free_port)"
management_port="$(free_port)"
redis_port="$(free_port)"
port="$(free_port)"

cleanup() {
  set +e
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "${redis:-}" ] && kill "$redis" 2>/dev/null && wait "$redis" 2>/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$root/target/quarkus-app/quarkus-run.jar" ] || (cd "$root" && ./mvnw -B -q package -DskipTests)

# Durability settings of a throwaway database; the service's own work is what is measured.
chown postgres "$work"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start \
  -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" >/dev/null
psql "postgresql://postgres@127.0.0.1:$pg_port/postgres" -q -c "create database banter_bench"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
redis=$!

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"

QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/banter_bench" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port" \
BANTER_JWT_PRIVATE_KEY="$(cat "$work/private.pem")" BANTER_JWT_PUBLIC_KEY="$(cat "$work/public.pem")" \
BANTER_FIREBASE_PROJECT_ID=demo-banter BANTER_CHAT_MESSAGES_PER_MINUTE=100000 \
BANTER_RAZORPAY_KEY_ID=rzp_bench BANTER_RAZORPAY_KEY_SECRET=bench BANTER_RAZORPAY_WEBHOOK_SECRET=bench \
BANTER_LIVEKIT_URL=ws://127.0.0.1:7880 BANTER_LIVEKIT_API_KEY=bench BANTER_LIVEKIT_API_SECRET=bench-secret-of-32-characters-min \
BANTER_TURN_URLS=turn:127.0.0.1:3478 BANTER_TURN_SECRET=bench \
QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_LEVEL=WARN \
QUARKUS_MANAGEMENT_PORT="$management_port" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
  "$java_bin" -Xmx"$heap" -XX:+UseSerialGC ${BENCH_SERVER_OPTS:-} -jar "$root/target/quarkus-app/quarkus-run.jar" \
  > "${BENCH_SERVER_LOG:-$work/server.log}" 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$management_port/q/health/ready" >/dev/null; do
  kill -0 "$server" 2>/dev/null || { cat "${BENCH_SERVER_LOG:-$work/server.log}"; exit 1; }
  sleep 0.5
done

# Bench users, with DMs open so that any two may message each other.
psql "postgresql://postgres@127.0.0.1:$pg_port/banter_bench" -q -c "
  insert into users (id, username, full_name, created_at, updated_at)
    select gen_random_uuid(), 'bench_' || i, 'Bench ' || i, now(), now() from generate_series(1, $connections) i;
  insert into user_settings (user_id, dms_open, updated_at) select id, true, now() from users;"
psql "postgresql://postgres@127.0.0.1:$pg_port/banter_bench" -At -c "select id from users" > "$work/users.txt"

echo "instance: pid $server, -Xmx$heap, -XX:+UseSerialGC; $connections users; $rate msg/s for $seconds s after $warmup s of warm-up"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -Xmx2g "$root/bench/realtime/RealtimeBench.java" "http://127.0.0.1:$port" "$work/users.txt" \
  "$work/private.pem" "$server" "$rate" "$seconds" "$warmup" "http://127.0.0.1:$management_port"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
