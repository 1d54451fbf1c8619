#!/usr/bin/env bash
# The call state machine's randomized model-based test at benchmark size (CallModelTest, tag "bench"): pairs of
# parties driving calls with random orders of API calls, signed LiveKit webhooks (late, duplicated, lost) and
# reconciler passes, against a reference model; then the invariants (states legal, no minute billed twice or lost,
# holds released, books balance). Runs against the test profile's embedded PostgreSQL and stand-ins.
#
#   bench/faults/call-model.sh                   # 20,000 steps on 8 pairs
#   STEPS=300 PAIRS=4 bench/faults/call-model.sh
#
# Prints the model's summary line; exits non-zero on any violation. The log is in target/bench-faults/call-model.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
steps="${STEPS:-20000}"
pairs="${PAIRS:-8}"
out=target/bench-faults
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$out"
status=0
./mvnw -B ${MAVEN_OFFLINE:+-o} test -Dtest='CallModelTest#manyRandomCallLifecyclesAgreeWithTheModel' \
  -Dgroups=bench -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbanter.model.bench-call-steps="$steps" -Dbanter.model.call-pairs="$pairs" \
  > "$out/call-model.log" 2>&1 || status=$?
grep -h "call model:" "$out/call-model.log" | sed 's/.*CallModelTest\] ([^)]*) /  /' || true
grep -A 20 "call model violations" "$out/call-model.log" | head -40 || true
[ "$status" -eq 0 ] || echo "call-model.sh: failed (exit $status); see $out/call-model.log" >&2
exit "$status"
