#!/usr/bin/env bash
# Start to ready and RSS of one packaged instance in JVM mode (issue 17: under 3 s and 250 MiB), against external
# PostgreSQL and Redis (bench/lib/service.sh starts its own on loopback); with BENCH_NATIVE=target/*-runner, of the
# native executable (the native pipeline runs it so, .github/workflows/native.yml).
#   bench/startup/run.sh [restarts=5]
# The first start migrates an empty database (a first deployment); each restart then starts the same jar on the same
# database and Redis, as a pod does when it is rescheduled. Ready = the first UP from /q/health/ready on the management
# port, polled every 20 ms from the JVM's launch without forking a process (bench_wait_ready); RSS is read at that
# moment.
# BENCH_AOT=true: the first start is also a training run that writes a JDK AOT cache (JEP 483/514/515, JDK 25) when
# it stops, and every restart starts from that cache (-XX:AOTCache). The cache holds only classes that the JDK's own
# class loaders load, so this runs Quarkus's aot-jar packaging (the whole application on the class path); the default
# fast-jar's classes come from Quarkus's class loader and would stay out of the cache. Each mode packages its jar when
# target/ holds the other; BENCH_AOT=true packages the fast-jar again at the end, for the other benchmarks.
# BENCH_AOT_CACHE=FILE: every start uses that cache, written before (target/quarkus-app/app.aot from the integration
# tests of `./mvnw verify -Paot`), with the aot-jar target/ holds: packaging again would change the jars it was
# written for. No training run.
set -euo pipefail

restarts="${1:-5}"
# shellcheck source=../lib/service.sh
source "$(dirname "$0")/../lib/service.sh"
aot="${BENCH_AOT:-false}"
package() {
  (cd "$root" && ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.type="$1" >"$work/package.log" 2>&1) \
    || { cat "$work/package.log"; exit 1; }
}
wanted=fast-jar
[ "$aot" = true ] && wanted=aot-jar
found=fast-jar
unzip -p "$root/target/quarkus-app/quarkus-run.jar" META-INF/MANIFEST.MF 2>/dev/null | grep -q AotQuarkusEntryPoint \
  && found=aot-jar
cache="${BENCH_AOT_CACHE:-}"
[ -n "$native" ] && { [ "$aot" = true ] || [ -n "$cache" ]; } \
  && { echo "BENCH_AOT and BENCH_AOT_CACHE are JVM mode's, not BENCH_NATIVE's" >&2; exit 1; }
if [ -n "$cache" ]; then
  [ "$found" = aot-jar ] && [ -f "$cache" ] \
    || { echo "BENCH_AOT_CACHE needs the cache and the aot-jar in target/" >&2; exit 1; }
  aot=false
  BENCH_SERVER_OPTS="${BENCH_SERVER_OPTS:-} -XX:AOTCache=$(realpath "$cache")"
elif [ -z "$native" ] && [ "$found" != "$wanted" ]; then
  echo "packaging the $wanted"
  package "$wanted"
fi
[ "$aot" = true ] && BENCH_SERVER_OPTS="${BENCH_SERVER_OPTS:-} -XX:AOTCacheOutput=$work/app.aot"
bench_start_service ${BENCH_SERVICE_ENV:-}
first_ms=$ready_ms
first_rss=$ready_rss_mib

# The restarts run the very command and environment of the first start, read back from /proc.
mapfile -d '' environment < "/proc/$server/environ"
mapfile -d '' command < "/proc/$server/cmdline"
# The restarts read the cache the training run wrote when it stopped.
command=("${command[@]/#-XX:AOTCacheOutput=/-XX:AOTCache=}")
times=()
rss=()
cpu=()
# CPU of the process (user and system, all threads) at ready, in ms: less moved by the other load on the machine than
# the wall time.
hz="$(getconf CLK_TCK)"
cpu_ms() { awk -v hz="$hz" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
for i in $(seq 1 "$restarts"); do
  kill "$server"
  wait "$server" 2>/dev/null || true
  env -i "${environment[@]}" "${command[@]}" > "$work/server-$i.log" 2>&1 &
  server=$!
  bench_wait_ready "$work/server-$i.log"
  times+=("$ready_ms")
  rss+=("$ready_rss_mib")
  cpu+=($(cpu_ms "$server"))
done
# Where the last restart's CPU went by ready, by thread name without its number ("C2 CompilerThre", "executor-thread-").
by_thread="$(for task in /proc/$server/task/*; do
  sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (([^ ]+ ){10})([0-9]+) ([0-9]+).*/\1|\4|\5/' "$task/stat"
done | awk -F'|' -v hz="$hz" '{sub(/[0-9]+$/, "", $1); ms[$1] += ($2 + $3) * 1000 / hz}
  END {for (n in ms) if (ms[n] >= 50) printf "%d|%s\n", ms[n], n}' | sort -rn \
  | awk -F'|' '{printf "%s%s %d ms", sep, $2, $1; sep = ", "}')"

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $server_mode"
[ -z "$native" ] && "$java_bin" -version 2>&1 | head -1
[ "$aot" = true ] && echo "AOT cache: $(du -m "$work/app.aot" | cut -f1) MiB, written by the first start (the training run)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "first start, empty database (schema migrated): ready in $first_ms ms, RSS $first_rss MiB"
echo "restarts on the migrated database: ready in ${times[*]} ms; RSS ${rss[*]} MiB; CPU by then ${cpu[*]} ms"
echo "the last restart's CPU by ready, by thread (50 ms or more): $by_thread"
mode="JVM"; [ "$aot" = true ] && mode="JVM with an AOT cache"
[ -n "$native" ] && mode="native"
[ -n "$cache" ] && mode="JVM with the AOT cache $(basename "$cache") ($(du -m "$cache" | cut -f1) MiB)"
echo "FIGURE|startup|start to ready, $mode, migrated database (median of $restarts)|$(median "${times[@]}") ms|under 3000 ms"
echo "FIGURE|startup|RSS when ready, $mode (median of $restarts)|$(median "${rss[@]}") MiB|under 250 MiB"
echo "FIGURE|startup|CPU by ready, $mode (median of $restarts)|$(median "${cpu[@]}") ms|"
first="first start migrating an empty database"
[ "$aot" = true ] && first="$first, writing the AOT cache (the training run)"
echo "FIGURE|startup|start to ready, ${mode%% *}, $first|$first_ms ms|"
if [ -z "$native" ] && [ "$wanted" = aot-jar ] && [ "$found" = fast-jar ]; then
  kill "$server" && wait "$server" 2>/dev/null || true
  server=""
  package fast-jar
fi
