#!/usr/bin/env bash
# Push outbox drain: N pushes queued at once, sent by the scheduled PushSender through firebase-admin to the FCM
# stand-in (PushDrainBenchmark, Quarkus as in production, embedded PostgreSQL and Redis of the test set-up).
#
#   bench/notifications/run.sh            # N = 10000
#   BENCH_PUSHES=50000 bench/notifications/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
n="${BENCH_PUSHES:-10000}"
./mvnw -B -q test -Dtest=PushDrainBenchmark -Dgroups=bench -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.pushes="$n" -Dquarkus.log.category.\"app.banter.notification\".level=INFO 2>&1 | grep 'BENCH' || {
  echo "no BENCH line: see target/surefire-reports" >&2; exit 1; }
