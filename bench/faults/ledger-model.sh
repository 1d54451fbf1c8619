#!/usr/bin/env bash
# The ledger's randomized model-based test at benchmark size (LedgerModelTest, tag "bench"): threads running random
# transfers, holds, captures, period charges and releases with reused idempotency keys against a reference model,
# then the invariants (books balance, nothing negative, every acknowledged transfer present exactly once, model ==
# database). Runs against the test profile's embedded PostgreSQL unless QUARKUS_DATASOURCE_JDBC_URL points elsewhere.
#
#   bench/faults/ledger-model.sh                 # 1,000,000 operations on 16 threads over 64 users
#   OPERATIONS=2000 THREADS=4 USERS=6 bench/faults/ledger-model.sh
#
# Prints the model's summary line (operations, acknowledged, refusals by code, violations); exits non-zero on any
# violation. The log is in target/bench-faults/ledger-model.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
operations="${OPERATIONS:-1000000}"
threads="${THREADS:-16}"
users="${USERS:-64}"
out=target/bench-faults
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mkdir -p "$out"
status=0
./mvnw -B ${MAVEN_OFFLINE:+-o} test -Dtest='LedgerModelTest#aMillionRandomOperationsAgreeWithTheModel' \
  -Dgroups=bench -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbanter.model.bench-operations="$operations" -Dbanter.model.threads="$threads" -Dbanter.model.users="$users" \
  > "$out/ledger-model.log" 2>&1 || status=$?
grep -h "ledger model:" "$out/ledger-model.log" | sed 's/.*LedgerModelTest\] ([^)]*) /  /' || true
grep -A 20 "ledger model violations" "$out/ledger-model.log" | head -40 || true
[ "$status" -eq 0 ] || echo "ledger-model.sh: failed (exit $status); see $out/ledger-model.log" >&2
exit "$status"
