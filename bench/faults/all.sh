#!/usr/bin/env bash
# Every fault script of bench/faults in turn (one service instance at a time), each at its default size unless
# FAULTS_QUICK=1 (a smaller run of each, minutes in all); a summary of each script's exit status at the end. Results:
# target/bench-faults/*.env. See README.md.
#
#   bench/faults/all.sh            # defaults: kill9 20 cycles, postgres-restart, redis-down, livekit-down, webhook-storm
#   FAULTS_QUICK=1 bench/faults/all.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ "${FAULTS_QUICK:-0}" = 1 ]; then
  runs=("kill9.sh 5 500 5" "postgres-restart.sh 10 300 5" "redis-down.sh 15 200 2" "livekit-down.sh 10 200"
        "webhook-storm.sh 300 200 500")
else
  runs=("kill9.sh" "postgres-restart.sh" "redis-down.sh" "livekit-down.sh" "webhook-storm.sh")
fi
summary=()
failed=0
for run in "${runs[@]}"; do
  echo "=== bench/faults/$run"
  # shellcheck disable=SC2086
  bench/faults/$run
  code=$?
  summary+=("$run: exit $code")
  [ "$code" -eq 0 ] || failed=1
done
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
