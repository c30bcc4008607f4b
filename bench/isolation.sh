#!/usr/bin/env bash
# What the worker process costs in time to first token (issue "Foundation": ≤ 5 ms): the same prompt runs
# alternately through Parallax's run path (java-llama.cpp in its worker) and on the same model loaded in this
# process, through the same session code; prints the medians and their difference as one JSON line.
#
#   bench/isolation.sh MODEL.gguf [RUNS=31] [THREADS=2] [MAX_TOKENS=8] [WARMUP_PAIRS=30]
#
# Needs: JDK 17+, Maven. Run it on a quiet machine: two cores shared with a build measure the build.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile >/dev/null
CP_FILE=target/isolation-bench.classpath
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
java -cp "$CP" dev.parallax.engine.local.jni.IsolationCostMain "$@"
