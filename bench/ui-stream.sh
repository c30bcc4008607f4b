#!/usr/bin/env bash
# What the desktop's own rendering costs a local model it measures: the same generation from the Playground of a real
# window (the answer streamed to the screen) and through the run service with no window, alternated in one process.
# Prints the median tokens/s of each and the app's own CPU time per run as one JSON line (PlaygroundStreamingMain).
#
#   bench/ui-stream.sh MODEL [TOKENS=1000] [RUNS=3] [text|markdown]
#
# With DISPLAY set (a desktop, or Xvfb: Xvfb :77 -screen 0 1400x900x24 & DISPLAY=:77 bench/ui-stream.sh …) it measures
# a real window; without one it uses Monocle's headless platform with software rendering.
# Needs: JDK 17+, Maven, a GGUF model (e.g. ../shared/models/synth-smollm2-135m-shape-Q4_K_M.gguf).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:?usage: bench/ui-stream.sh MODEL [TOKENS] [RUNS] [text|markdown]}
shift
mvn -B -q test-compile >/dev/null
CP_FILE=target/batch-bench.classpath
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"
FX=()
if [ -z "${DISPLAY:-}" ]; then
    FX=(-Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw)
fi
exec java "${FX[@]}" -cp "$CP" dev.parallax.ui.PlaygroundStreamingMain "$MODEL" "$@"
