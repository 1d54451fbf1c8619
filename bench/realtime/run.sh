#!/usr/bin/env bash
# Realtime gateway benchmark: one packaged instance, N authenticated websockets, DMs at a fixed rate.
#   bench/realtime/run.sh [connections=10000] [messages-per-second=500] [seconds=30] [warm-up-seconds=15]
# Uses the PostgreSQL and Redis named by BENCH_PG (default postgresql://postgres:postgres@127.0.0.1:5432) and
# BENCH_REDIS (default redis://127.0.0.1:6379/15); creates and drops the database banter_bench. Everything it
# starts listens on loopback and stops when it ends.
set -euo pipefail

connections="${1:-10000}"
rate="${2:-500}"
seconds="${3:-30}"
warmup="${4:-15}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
pg="${BENCH_PG:-postgresql://postgres:postgres@127.0.0.1:5432}"
redis="${BENCH_REDIS:-redis://127.0.0.1:6379/15}"
heap="${BENCH_SERVER_XMX:-512m}"
work="$(mktemp -d)"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

[ -f "$root/target/quarkus-app/quarkus-run.jar" ] || (cd "$root" && ./mvnw -B -q package -DskipTests)

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"
psql "$pg/postgres" -q -c "drop database if exists banter_bench" -c "create database banter_bench"
redis-cli -u "$redis" flushdb >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

QUARKUS_DATASOURCE_JDBC_URL="jdbc:${pg%%://*}://${pg#*@}/banter_bench" \
QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
QUARKUS_REDIS_HOSTS="$redis" \
BANTER_JWT_PRIVATE_KEY="$(cat "$work/private.pem")" BANTER_JWT_PUBLIC_KEY="$(cat "$work/public.pem")" \
BANTER_FIREBASE_PROJECT_ID=demo-banter BANTER_CHAT_MESSAGES_PER_MINUTE=100000 \
BANTER_REALTIME_CHANNEL="bench:realtime:$port" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
QUARKUS_LOG_LEVEL=WARN \
  "$java_bin" -Xmx"$heap" -XX:+UseSerialGC -jar "$root/target/quarkus-app/quarkus-run.jar" > "${BENCH_SERVER_LOG:-$work/server.log}" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; psql "$pg/postgres" -q -c "drop database if exists banter_bench"; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
  kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done

# Bench users, with DMs open so that any two may message each other.
psql "$pg/banter_bench" -q -At -c "
  insert into users (id, username, full_name, created_at, updated_at)
    select gen_random_uuid(), 'bench_' || i, 'Bench ' || i, now(), now() from generate_series(1, $connections) i;
  insert into user_settings (user_id, dms_open, updated_at) select id, true, now() from users;"
psql "$pg/banter_bench" -At -c "select id from users" > "$work/users.txt"

echo "instance: pid $server, -Xmx$heap, port $port; $connections users, $rate msg/s for $seconds s after $warmup s of warm-up"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -Xmx2g "$root/bench/realtime/RealtimeBench.java" "http://127.0.0.1:$port" "$work/users.txt" \
  "$work/private.pem" "$server" "$rate" "$seconds" "$warmup"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
