#!/usr/bin/env bash
# Batch orchestration benchmark: ROWS rows at CONCURRENCY against a local fake OpenAI-compatible server
# (first token after 50 ms, 20 tokens 2 ms apart), through the whole run path and H2 history; prints the wall
# time against the ideal rows ÷ concurrency × per-request time, CPU time and peak memory, as JSON lines.
#
#   bench/batch.sh [RUNS=3] [ROWS=1000] [CONCURRENCY=16] [FIRST_MS=50] [TOKENS=20] [GAP_MS=2] [WARMUP_ROWS=3000] [SERVER_WARMUP=3000]
#
# WARMUP_ROWS=0 measures a cold Parallax process; the fake server warms itself with SERVER_WARMUP requests of its own
# first (0: a cold server too, compiling on the same cores)
#
# The fake server runs in a process of its own, so the CPU time and memory are Parallax's alone.
#
# PARALLAX_JVM=cli runs Parallax's process with the JVM options of the installed command line (bin/parallax, from
# installers/linux/parallax-cli.properties: serial collector, small initial heap, C1 only) instead of the JVM's
# defaults. The harness applies the batch commands' compiler policy as 'parallax bench' does (C2 for SHA-2 only,
# dev.parallax.app.CompilerPolicy); BENCH_DEFAULT_JIT=1 leaves the JIT as the JVM starts it.
#
# Needs: JDK 17+, Maven. Only 127.0.0.1 is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
shift || true
mvn -B -q test-compile >/dev/null
CP_FILE=target/batch-bench.classpath
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
JVM_OPTIONS=()
if [[ "${PARALLAX_JVM:-}" == cli ]]; then
    read -r -a JVM_OPTIONS <<< "$(sed -n 's/^java-options=//p' installers/linux/parallax-cli.properties)"
fi
for _ in $(seq 1 "$RUNS"); do
    java -Xmx1g ${JVM_OPTIONS[@]+"${JVM_OPTIONS[@]}"} -cp "$CP" dev.parallax.bench.batch.BatchThroughputMain "$@"
done
