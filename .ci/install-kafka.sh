#!/usr/bin/env bash
# CI install step: fetch the Apache Kafka broker jars (Maven Central, via the machine's Maven) into
# .kafka/lib for the tests' real broker. Idempotent: does nothing when the jars are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v java >/dev/null || { echo "install-kafka: java not found (Java 17 is needed to run the broker)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install-kafka: mvn not found (Maven fetches the broker jars)" >&2; exit 1; }
npx --no-install tsx scripts/kafka-install.ts
