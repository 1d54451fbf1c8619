# Shared by the benchmarks that drive one packaged instance of the service (bench/realtime, bench/rooms): source it,
# then call bench_start_service. It starts a throwaway PostgreSQL 15 (Debian's binaries, run as the postgres user,
# fsync off) and a redis-server on free loopback ports, makes a fresh RSA key pair for access tokens, and runs
# target/quarkus-app/quarkus-run.jar in the prod profile; everything it starts stops when the calling script exits.
#
# The JVM is sized as in its pod (helm/banter/values.yaml: a 1 GiB limit; Dockerfile.jvm: half of it for the heap):
# -XX:MaxRAM=1g makes the JVM derive what it does not get told (the initial heap, 1/64: 16 MiB) from 1 GiB instead of
# this machine's 24 GiB, which started the heap at 384 MiB and put about 90 MiB more in the RSS when ready.
# BENCH_NATIVE=FILE runs that native executable (target/*-runner, built by the native pipeline) instead, with the
# same heap limit and environment: the native figures come from there (.github/workflows/native.yml).
# Knobs: BENCH_SERVER_XMX (heap, default 512m), BENCH_SERVER_OPTS (more JVM options: a JFR recording, GC logs),
# BENCH_SERVER_LOG (keep the server log there), BENCH_PG_BIN (other PostgreSQL binaries), BENCH_PG_OPTS (more
# PostgreSQL settings: "-c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=15ms ...").
# After bench_start_service: $work (temporary directory, with private.pem), $server (the service's pid), $port,
# $management_port, $pg_url (the bench database), $java_bin, $root, $heap, $server_mode (how the service runs, for
# the report), $ready_ms (launch to ready) and $ready_rss_mib (the service's RSS when it first answered ready).

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
heap="${BENCH_SERVER_XMX:-512m}"
pg_bin="${BENCH_PG_BIN:-/usr/lib/postgresql/15/bin}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
native="${BENCH_NATIVE:+$(realpath "$BENCH_NATIVE")}"
work="$(mktemp -d)"
bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port="$(bench_free_port)"
management_port="$(bench_free_port)"
redis_port="$(bench_free_port)"
port="$(bench_free_port)"
pg_url="postgresql://postgres@127.0.0.1:$pg_port/banter_bench"

bench_cleanup() {
  set +e
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "${redis:-}" ] && kill "$redis" 2>/dev/null && wait "$redis" 2>/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap bench_cleanup EXIT
# A TERM or INT (timeout, Ctrl-C) ends the script through its EXIT trap, which stops what it started.
trap "exit 143" TERM INT

bench_service_env=()
# bench_start_service [NAME=value ...]: the arguments are extra environment for the service (they override the
# defaults below).
bench_start_service() {
  [ -n "$native" ] || [ -f "$root/target/quarkus-app/quarkus-run.jar" ] \
    || (cd "$root" && ./mvnw -B -q package -DskipTests)

  # Durability settings of a throwaway database; the service's own work is what is measured.
  chown postgres "$work"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w start \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off ${BENCH_PG_OPTS:-}" \
    >/dev/null
  psql "postgresql://postgres@127.0.0.1:$pg_port/postgres" -q -c "create database banter_bench"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  redis=$!
  # As a Redis that has held the session denylist from the start (platform.security.SessionRevocations): without
  # this, the service takes the new Redis for one that lost its data, and checks in the database the sessions of the
  # tokens issued before it, which RealtimeBench's own tokens have none of.
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
  redis-cli -p "$redis_port" set auth:revoked-sessions-complete-since 0 >/dev/null

  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/private.pem" 2>/dev/null
  openssl pkey -in "$work/private.pem" -pubout -out "$work/public.pem"

  # Each launch appends to the log, so that a restarted service's log follows the killed one's; a new run starts it anew.
  : > "${BENCH_SERVER_LOG:-$work/server.log}"
  bench_launch_service "$@"
}

# bench_launch_service [NAME=value ...]: (re)starts only the service, on the database and Redis bench_start_service
# started, with the same extra environment when given none (bench/faults kills it with -9 and starts it again).
bench_launch_service() {
  [ "$#" -gt 0 ] && bench_service_env=("$@")
  set -- "${bench_service_env[@]}"
  local log="${BENCH_SERVER_LOG:-$work/server.log}"
  # The fast-jar on this JVM, or the native executable (whose heap is a serial collector's too); BENCH_SERVER_OPTS is
  # read here, after the calling script has added its own, and split into words on purpose.
  local launch
  # shellcheck disable=SC2206
  if [ -n "$native" ]; then
    launch=("$native" -Xmx"$heap" ${BENCH_SERVER_OPTS:-})
    server_mode="native ($(basename "$native")), -Xmx$heap"
  else
    launch=("$java_bin" -XX:MaxRAM=1g -Xmx"$heap" -XX:+UseSerialGC ${BENCH_SERVER_OPTS:-}
      -jar "$root/target/quarkus-app/quarkus-run.jar")
    server_mode="JVM mode, -Xmx$heap -XX:+UseSerialGC"
  fi
  server_mode="$server_mode${BENCH_SERVER_OPTS:+ $BENCH_SERVER_OPTS}"
  env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/banter_bench" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port" \
    BANTER_JWT_PRIVATE_KEY="$(cat "$work/private.pem")" BANTER_JWT_PUBLIC_KEY="$(cat "$work/public.pem")" \
    BANTER_FIREBASE_PROJECT_ID=demo-banter BANTER_CHAT_MESSAGES_PER_MINUTE=100000 \
    BANTER_PAYMENTS_ORDERS_PER_HOUR=100000 \
    BANTER_RAZORPAY_KEY_ID=rzp_bench BANTER_RAZORPAY_KEY_SECRET=bench BANTER_RAZORPAY_WEBHOOK_SECRET=bench \
    BANTER_RAZORPAY_PLAN_MONTHLY=plan_bench_monthly BANTER_RAZORPAY_PLAN_YEARLY=plan_bench_yearly \
    BANTER_LIVEKIT_URL=ws://127.0.0.1:7880 BANTER_LIVEKIT_API_KEY=bench \
    BANTER_LIVEKIT_API_SECRET=bench-secret-of-32-characters-min \
    BANTER_TURN_URLS=turn:127.0.0.1:3478 BANTER_TURN_SECRET=bench \
    BANTER_KYC_PROVIDER=karza BANTER_KYC_NUMBER_HMAC_SECRET=bench-kyc-hmac BANTER_REFERRAL_PHONE_HASH_SECRET=bench \
    BANTER_KYC_KARZA_BASE_URL=http://127.0.0.1:1/karza BANTER_KYC_KARZA_API_KEY=bench \
    BANTER_KYC_KARZA_WEBHOOK_TOKEN=bench \
    BANTER_RAZORPAYX_KEY_ID=rzp_bench BANTER_RAZORPAYX_KEY_SECRET=bench BANTER_RAZORPAYX_WEBHOOK_SECRET=bench \
    BANTER_RAZORPAYX_ACCOUNT_NUMBER=2323230000000000 BANTER_MEDIA_CDN_BASE_URL=http://127.0.0.1:1/media \
    BANTER_MEDIA_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=bench;AccountKey=YmVuY2g=;BlobEndpoint=http://127.0.0.1:1/bench;" \
    QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_LEVEL=WARN \
    QUARKUS_MANAGEMENT_PORT="$management_port" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    "$@" \
    "${launch[@]}" >> "$log" 2>&1 &
  server=$!
  bench_wait_ready "$log"
}

# bench_wait_ready LOG: waits until the service just launched ($server) answers UP on /q/health/ready, then sets
# $ready_ms (from the launch to that answer) and $ready_rss_mib (its RSS then); prints LOG and exits if it dies. Polls
# every 20 ms with bash's own /dev/tcp, read -t and $EPOCHREALTIME, forking nothing: curl, sleep and date, forked
# every 0.1 s, each took a slice of the two cores the starting service is using, and the rounds came 150 to 220 ms
# apart, so a start was measured up to a round late.
bench_wait_ready() {
  local launched="${EPOCHREALTIME/./}" conn status tick_fifo="$work/tick-$BASHPID" tick
  # Read with a timeout from a FIFO nobody writes: a sleep that is not a process.
  mkfifo "$tick_fifo"
  exec {tick}<>"$tick_fifo"
  while :; do
    status=
    if exec {conn}<>"/dev/tcp/127.0.0.1/$management_port"; then
      printf 'GET /q/health/ready HTTP/1.0\r\n\r\n' >&"$conn"
      read -r -t 5 status <&"$conn" || true
      exec {conn}<&-
    fi 2>/dev/null
    [[ "$status" == "HTTP/1."?" 200 "* ]] && break
    kill -0 "$server" 2>/dev/null || { cat "$1"; exit 1; }
    read -r -t 0.02 -u "$tick" || true
  done
  ready_ms=$(((${EPOCHREALTIME/./} - launched) / 1000))
  exec {tick}<&-
  rm -f "$tick_fifo"
  ready_rss_mib=$(($(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024))
}

# bench_insert_users COUNT PREFIX: COUNT users named PREFIX_1.., with DMs open (registration through Firebase would
# dominate a run), and the tables analyzed, as autovacuum would have done in a database that grew to that size: with
# the statistics of an empty table PostgreSQL read the 400 public profiles of a matcher batch by filtering every user
# (42 ms a statement at 16,000 users); prints nothing.
bench_insert_users() {
  psql "$pg_url" -q -c "
    insert into users (id, username, full_name, created_at, updated_at)
      select gen_random_uuid(), '$2_' || i, 'Bench ' || i, now(), now() from generate_series(1, $1) i;
    insert into user_settings (user_id, dms_open, updated_at)
      select id, true, now() from users where username like '$2\\_%' on conflict do nothing;
    analyze users; analyze user_settings;"
}

# bench_tokens FILE: one line "user-id access-token" per user in the bench database, each an RS256 token like the
# service issues (sub, sid, groups), signed with the bench key by openssl, for a session the service knows (a refresh
# token's family, as sign-in makes one): after Redis loses its data (faults/redis-down.sh) the service asks the
# database whether such a session has ended.
bench_tokens() {
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  local header now claims signature
  header="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)"
  now="$(date +%s)"
  psql "$pg_url" -qAt -F ' ' -c "
    insert into refresh_tokens (id, family_id, user_id, token_hash, created_at, expires_at)
      select gen_random_uuid(), gen_random_uuid(), id, sha256(convert_to(gen_random_uuid()::text, 'UTF8')), now(),
             now() + interval '30 days' from users
    returning user_id, family_id" | while read -r id sid; do
    claims="$(printf '{"iss":"https://banter.app","aud":"banter-app","sub":"%s","sid":"%s","groups":["user"],"iat":%d,"exp":%d}' \
      "$id" "$sid" "$now" "$((now + 7200))" | b64url)"
    signature="$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$work/private.pem" -binary | b64url)"
    echo "$id $header.$claims.$signature"
  done > "$1"
}
