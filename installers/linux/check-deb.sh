#!/usr/bin/env bash
# Unpacks the built .deb into a temporary folder (nothing is installed) and runs its launcher: --version,
# then one local run. The local engine's worker starts from the bundled runtime's bin/java, so a
# completed run shows the trimmed runtime carries everything the CLI path needs.
#   installers/linux/check-deb.sh [MODEL.gguf]      (default ../shared/models/stories260K.gguf)
set -euo pipefail
cd "$(dirname "$0")/../.."
model=${1:-../shared/models/stories260K.gguf}
debs=(target/installer/parallax_*.deb)
if [[ ! -f ${debs[0]} ]]; then
    echo "check-deb.sh: no .deb in target/installer; build one with: mvn -B -Pinstaller package -DskipTests" >&2
    exit 1
fi
if [[ ! -f $model ]]; then
    echo "check-deb.sh: no model at $model; pass a .gguf file" >&2
    exit 1
fi
model=$(readlink -f "$model")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg-deb -x "${debs[0]}" "$scratch/root"
launcher=$scratch/root/opt/parallax/bin/parallax
export PARALLAX_HOME=$scratch/home

echo "${debs[0]}: $(du -h "${debs[0]}" | cut -f1)"
"$scratch/root/opt/parallax/bin/Parallax" --version
"$launcher" --version
# The command line's launcher carries its own JVM options (serial collector, small initial heap).
if ! grep -q 'UseSerialGC' "$scratch/root/opt/parallax/lib/app/parallax.cfg" \
        || ! grep -q 'TieredStopAtLevel=1' "$scratch/root/opt/parallax/lib/app/parallax.cfg"; then
    echo "check-deb.sh: bin/parallax does not run with -XX:+UseSerialGC -XX:TieredStopAtLevel=1" >&2
    exit 1
fi
"$launcher" run --target "local:$model" --prompt "Once upon a time" --max-tokens 16 --json >"$scratch/run.json"
if ! grep -q '"status" : "completed"' "$scratch/run.json"; then
    echo "check-deb.sh: the run did not complete:" >&2
    cat "$scratch/run.json" >&2
    exit 1
fi
echo "local run from the unpacked package: completed"

# The current llama.cpp engine on the runtime the package bundles for it (lib/app/engine-runtime), when it has one.
engine_runtime=$scratch/root/opt/parallax/lib/app/engine-runtime
if [[ -x $engine_runtime/bin/java ]]; then
    PARALLAX_ENGINE_JAVA=$engine_runtime "$launcher" run --target "local:$model" --prompt "Once upon a time" \
        --max-tokens 16 --engine current --json >"$scratch/run-current.json"
    if ! grep -q '"status" : "completed"' "$scratch/run-current.json"; then
        echo "check-deb.sh: the run on the bundled engine runtime did not complete:" >&2
        cat "$scratch/run-current.json" >&2
        exit 1
    fi
    echo "current llama.cpp engine on the bundled Java $("$engine_runtime/bin/java" -version 2>&1 | sed -n '1s/.*"\(.*\)".*/\1/p') runtime: completed"
else
    echo "note: this package bundles no Java 22+ runtime for the current llama.cpp engine" >&2
fi
