#!/usr/bin/env bash
# Reruns every benchmark at the size its issue names and regenerates the figures table of docs/PERFORMANCE.md.
#   bench/all.sh                      # every area, in the order below (about 90 minutes on the 2-core machine)
#   bench/all.sh rest startup         # some areas only: the table keeps the other areas' last figures
# Run it on a machine nobody else is loading: the figures are compared with targets set for a quiet 2-core machine.
#
# Each area's whole output goes to target/bench-all/<area>.txt; the figures read from it go to bench/figures/<area>.tsv
# (committed: the table's source), one line per figure: figure, value, target, when, the load average and the
# processor, command.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

# area|command (the issue's size)
areas=(
  "wallet|bench/wallet/run.sh"
  "calls|env BENCH_CALLS='20000 100000' BENCH_STEADY_SECONDS=30 bench/calls/run.sh"
  "realtime|bench/realtime/run.sh 10000 500 30"
  "rooms|bench/rooms/run.sh rooms 5000 100"
  "matching|bench/matching/run.sh"
  "matching-pool|env BENCH_PRELOAD=true bench/matching/run.sh"
  "notifications|bench/notifications/run.sh"
  "rest|bench/rest/run.sh 1000 30 300 1 600"
  "startup|bench/startup/run.sh 5"
  "startup-aot|env BENCH_AOT=true bench/startup/run.sh 5"
)

# figures AREA OUTPUT: "figure|value|target" lines read from one area's output. Benchmarks that print
# "FIGURE|area|figure|value|target" lines give them directly; the others are read from their report's wording.
figures() {
  local area="$1" out="$2"
  grep '^FIGURE|' "$out" | cut -d'|' -f3- || true
  case "$area" in
    wallet)
      # shellcheck disable=SC1091
      (source target/bench-wallet/results.env
       echo "ledger transfers/s, one hot wallet (pgbench, same SQL shape: $PG_HOT)|$SERVICE_HOT|"
       echo "ledger transfers/s, 10,000 wallets (pgbench: $PG_SPREAD)|$SERVICE_SPREAD|") ;;
    calls)
      for env in target/bench-calls/results-*.env; do
        # shellcheck disable=SC1090
        (source "$env"
         n="${env##*results-}"; n="${n%.env}"
         target=""; [ "$n" = 100000 ] && target="under 5 s"
         echo "billing tick, $n open calls all due|$BILL_ALL_SECONDS s|$target")
      done ;;
    realtime)
      awk '/delivery latency/ {print "DM delivery p99, 10,000 sockets at 500/s|" $(NF-4) " ms|under 100 ms"}
           /server CPU in the send phase/ {print "server CPU per DM|" $7 " ms|0.5 ms or less"}
           /above the idle server/ {print "server CPU per DM above the idle server, JIT threads left out|" $(NF-1) " ms|"}
           /KiB per connection/ && /RSS/ {gsub(/[()]/, ""); for (i = 1; i <= NF; i++) if ($i == "KiB") print "RSS per idle websocket|" $(i-1) " KiB|under 21 KiB (50,000 in 1 GiB)"}' "$out" ;;
    rooms)
      awk '/events measured/ {event = $1}
           /to every member:/ {print "room fan-out p99 to every member, " event "|" $8 " ms|under 500 ms"}
           /joins admitted per second/ {print "room join burst, joins admitted/s|" $1 "|at least 200"}
           /capacity exact:/ {print "room join burst, capacity exact|" $NF "|yes"}
           /server CPU: .* per join request/ {print "room join burst, server CPU per join request|" $3 " ms|"}' "$out" ;;
    matching|matching-pool)
      # The warm-up crowd's lines are not figures.
      how="joining the queue at once"; joins="its two joins included"
      [ "$area" = matching-pool ] && how="in the pool at once (the matcher alone)" && joins="no joins"
      awk -v how="$how" -v joins="$joins" '/warm-up:/ {next}
           /time to match everyone/ {print "matches/s, 10,000 users " how "|" $(NF-1) "|at least 2,000"}
           /wait, join answered/ {for (i = 1; i <= NF; i++) if ($i == "p99") print "wait to match.found, p99, " how "|" $(i+1) " " $(i+2) "|under 1 s"}
           /server CPU from the first join/ {gsub(/[(]/, ""); for (i = 1; i <= NF; i++) if ($i == "ms" && $(i+1) == "per") print "server CPU per match (" joins ")|" $(i-1) " ms|"}' "$out" ;;
    notifications)
      sed -n 's/.*BENCH pushes=\([0-9]*\) drained_ms=\([0-9]*\) per_second=\([0-9]*\).*/push outbox drain, \1 pushes|\3 pushes\/s|/p' "$out" ;;
    rest)
      awk -F' *[|] *' '/^[|] (health|me|wallet|conversations|messages|mix) [|]/ && NF == 12 {
                   print "REST p99, " $2 " at the fixed rate|" $7 " ms|" ($2 ~ /^(me|wallet|conversations)$/ ? "under 20 ms" : "") }
                 /^[|] [a-z]+ [|] [0-9]+ [|]/ && NF == 5 {
                   print "REST sustained requests/s, " $2 "|" $3 "|" ($2 ~ /^(me|wallet|conversations)$/ ? "half of health'"'"'s or more" : "") }
                 /server RSS after the soak/ {n = split($0, w, " "); print "RSS after 10 minutes of load|" w[n-1] " MiB|under 250 MiB"}' "$out" ;;
  esac
}

selected=("$@")
mkdir -p target/bench-all bench/figures
for entry in "${areas[@]}"; do
  area="${entry%%|*}"
  command="${entry#*|}"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $area " ]]; then
    continue
  fi
  out="target/bench-all/$area.txt"
  echo "== $area: $command"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  when="$(date -u '+%Y-%m-%d')"
  # The machines of this kind differ by half in speed: the figures name the processor they were measured on.
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  if ! bash -c "$command" > "$out" 2>&1; then
    echo "   failed: see $out" >&2
    continue
  fi
  figures "$area" "$out" | while IFS='|' read -r figure value target; do
    printf '%s\t%s\t%s\t%s, load %s, %s\t%s\n' "$figure" "$value" "$target" "$when" "$load" "$cpu" "$command"
  done > "bench/figures/$area.tsv"
  sed 's/^/   /' "bench/figures/$area.tsv"
done

# The table between the markers of docs/PERFORMANCE.md, from every area's last figures.
{
  echo "| area | figure | measured | target | run (date, load average before, processor where recorded) | command |"
  echo "| --- | --- | ---: | --- | --- | --- |"
  for entry in "${areas[@]}"; do
    area="${entry%%|*}"
    [ -s "bench/figures/$area.tsv" ] || continue
    # awk, not read: a tab is whitespace to read, so an empty target would shift the columns after it.
    awk -F'\t' -v area="$area" '{printf "| %s | %s | %s | %s | %s | `%s` |\n", area, $1, $2, $3, $4, $5}' \
      "bench/figures/$area.tsv"
  done
} > target/bench-all/table.md
awk 'FNR == NR {table = table $0 "\n"; next}
     /<!-- figures:end -->/ {printf "%s", table; skip = 0}
     !skip {print}
     /<!-- figures:begin -->/ {skip = 1}' target/bench-all/table.md docs/PERFORMANCE.md > target/bench-all/PERFORMANCE.md
mv target/bench-all/PERFORMANCE.md docs/PERFORMANCE.md
echo "docs/PERFORMANCE.md: table regenerated"
