#!/usr/bin/env bash
# Every hostile variant to every documented operation (ApiFuzzTest with all variants rather than CI's rotating
# sample), then the websocket fuzz and the authorization sweep: no 5xx, every refusal a problem document, nothing
# half-written, someone else's object 404, role-restricted 403.
#
#   bench/faults/api-fuzz.sh
#   SEED=1a2b3c bench/faults/api-fuzz.sh        # the rotation (hex seed) a CI failure printed
#
# The log is in target/bench-faults/api-fuzz.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/bench-faults
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$out"
status=0
./mvnw -B ${MAVEN_OFFLINE:+-o} test -Dtest='ApiFuzzTest,GatewayFuzzTest,AuthorizationCoverageTest' \
  -Dbanter.fuzz.variants=1000 ${SEED:+-Dbanter.fuzz.seed="$SEED"} \
  > "$out/api-fuzz.log" 2>&1 || status=$?
grep -hE "API fuzz|websocket fuzz: .* sent|authorization:" "$out/api-fuzz.log" | sed 's/.*Test\] ([^)]*) /  /' || true
[ "$status" -eq 0 ] || echo "api-fuzz.sh: failed (exit $status); see $out/api-fuzz.log" >&2
exit "$status"
