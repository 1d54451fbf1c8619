#!/usr/bin/env bash
# REST benchmark at a fixed arrival rate (open model): GET /api/v1/me, /api/v1/wallet, /api/v1/conversations and
# POST /api/v1/messages next to /q/health/live, one packaged instance in JVM mode.
#   bench/rest/run.sh [requests-per-second=1000] [seconds=30] [most-warm-up-seconds=300] [ramp=1] [soak-seconds=0]
# A soak (600 for the issue's "after 10 minutes of load") offers the rate as a mix of the five and reports RSS after.
# BENCH_NMT=true (JVM mode): the service runs with native memory tracking, and what it has committed after the run is
# printed by category (heap, metaspace, JIT code, thread stacks...): where the RSS is. BENCH_NATIVE: see
# bench/lib/service.sh.
# Starts its own PostgreSQL 15 and redis-server (bench/lib/service.sh); everything it starts stops when it ends.
set -euo pipefail

rate="${1:-1000}"
seconds="${2:-30}"
warmup="${3:-300}"
ramp="${4:-1}"
soak="${5:-0}"
users="${BENCH_USERS:-1000}"
# shellcheck source=../lib/service.sh
source "$(dirname "$0")/../lib/service.sh"
nmt="${BENCH_NMT:-false}"
[ -n "$native" ] && nmt=false
[ "$nmt" = true ] && BENCH_SERVER_OPTS="${BENCH_SERVER_OPTS:-} -XX:NativeMemoryTracking=summary"
bench_start_service

bench_insert_users "$users" bench
psql "$pg_url" -q -c "insert into accounts (id, owner_id, type, created_at)
  select gen_random_uuid(), u.id, t, now() from users u, unnest(array['COINS', 'EARNINGS']) t"
bench_tokens "$work/tokens.txt"

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "$("$java_bin" -version 2>&1 | head -1); $(psql "$pg_url" -At -c 'show server_version'); redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')"
echo "instance: pid $server, $server_mode; $users users"
echo "start: ready ${ready_ms} ms after its launch (external PostgreSQL and Redis already up), RSS ${ready_rss_mib} MiB"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -Xmx1g "$root/bench/rest/RestBench.java" "http://127.0.0.1:$port" "http://127.0.0.1:$management_port" \
  "$work/tokens.txt" "$server" "$rate" "$seconds" "$warmup" "$ramp" "$soak" "$(head -1 "$work/pg/postmaster.pid")"
echo "server RSS after the run: $(($(awk '/VmRSS/ {print $2}' "/proc/$server/status") / 1024)) MiB"
if [ "$nmt" = true ]; then
  echo "committed by the JVM after the run (native memory tracking; RSS also holds mapped files such as libjvm.so and"
  echo "what the C library keeps of freed memory):"
  "${java_bin%java}jcmd" "$server" VM.native_memory summary \
    | sed -n 's/^Total: .*committed=\([0-9]*\)KB.*/total \1/p; s/^-  *\(.*[^ ]\) (reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/\1 \2/p' \
    | awk '{kb = $NF; $NF = ""; if (kb >= 1024) printf "  %-28s %6.1f MiB\n", $0, kb / 1024}'
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
