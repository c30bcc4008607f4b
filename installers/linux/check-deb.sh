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
# The class-data archive, dumped as the postinst does (there at /opt/parallax), and mapped by the launcher: -Xshare:on
# makes the JVM fail when it cannot use it (a class path that does not match, a stale jar).
app_dir=$scratch/root/opt/parallax/lib/app
# shellcheck disable=SC2016 # the cfgs hold $APPDIR literally
if ! grep -q 'SharedArchiveFile=$APPDIR/parallax.jsa' "$app_dir/parallax.cfg" \
        || ! grep -q 'SharedArchiveFile=$APPDIR/parallax.jsa' "$app_dir/Parallax.cfg" \
        || ! sh "$app_dir/parallax-cds.sh" "$app_dir" || [[ ! -s $app_dir/parallax.jsa ]]; then
    echo "check-deb.sh: the class-data archive was not built or is not configured" >&2
    exit 1
fi
for l in "$launcher" "$scratch/root/opt/parallax/bin/Parallax"; do
    if ! JAVA_TOOL_OPTIONS=-Xshare:on "$l" --version >/dev/null 2>"$scratch/cds.err"; then
        echo "check-deb.sh: $(basename "$l") cannot map the class-data archive:" >&2
        cat "$scratch/cds.err" >&2
        exit 1
    fi
done
timed() { local t0; t0=$(date +%s%N); "$@" >/dev/null 2>&1; echo "scale=2; ($(date +%s%N) - $t0) / 1000000000" | bc; }
"$launcher" models downloads >/dev/null 2>&1   # the database, created once
with=$(timed "$launcher" models downloads)
mv "$app_dir/parallax.jsa" "$scratch/parallax.jsa"
without=$(timed "$launcher" models downloads)
mv "$scratch/parallax.jsa" "$app_dir/parallax.jsa"
echo "class-data archive: $(du -h "$app_dir/parallax.jsa" | cut -f1), mapped; 'parallax models downloads' took ${with} s with it, ${without} s without"
# java-llama.cpp, named: the automatic choice is the current engine when the package bundles its runtime. Its worker
# starts on the app's runtime and maps the launcher's class-data archive.
"$launcher" run --target "local:$model" --prompt "Once upon a time" --max-tokens 16 --engine java-llama.cpp --json \
    >"$scratch/run.json"
if ! grep -q '"status" : "completed"' "$scratch/run.json"; then
    echo "check-deb.sh: the run did not complete:" >&2
    cat "$scratch/run.json" >&2
    exit 1
fi
echo "local run on java-llama.cpp from the unpacked package: completed"

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
    # Its worker wrote the class-data archive the next workers map (WorkerClassArchive): the bundled runtime has the
    # base archive that one builds on.
    if [[ ! -s $PARALLAX_HOME/native/cds/current-engine-worker.jsa ]]; then
        echo "check-deb.sh: the current engine's worker left no class-data archive in $PARALLAX_HOME/native/cds" >&2
        exit 1
    fi
    echo "current engine's worker class-data archive: $(du -h "$PARALLAX_HOME/native/cds/current-engine-worker.jsa" | cut -f1)"
else
    echo "note: this package bundles no Java 22+ runtime for the current llama.cpp engine" >&2
fi

# `models pull` from the C1-only launcher runs itself again with C2 on the bundled runtime (decision 0015): a pull
# from the fake Hub of the test classes (built by `mvn package`, tests or not), on 127.0.0.1 only.
if [[ -f target/test-classes/dev/parallax/testing/FakeHubMain.class ]]; then
    cp="target/test-classes:target/classes:target/lib/*"
    java -cp "$cp" dev.parallax.testing.LargeGguf "$scratch/Small-Q8_0.gguf" $((32 << 20)) >/dev/null
    java -Xmx256m -cp "$cp" dev.parallax.testing.FakeHubMain 0 demo/Small-GGUF Small-Q8_0.gguf \
        "$scratch/Small-Q8_0.gguf" >"$scratch/hub.out" 2>&1 &
    hub=$!
    for _ in $(seq 100); do grep -q sha256 "$scratch/hub.out" 2>/dev/null && break; sleep 0.1; done
    endpoint=$(head -1 "$scratch/hub.out" | sed 's|/demo/Small-GGUF/resolve/.*||')
    if HF_ENDPOINT=$endpoint "$launcher" --verbose models pull demo/Small-GGUF:Q8_0 >"$scratch/pull.out" 2>"$scratch/pull.err" \
            && grep -q 'runs in a JVM with C2' "$scratch/pull.err" && grep -q '^Small-Q8_0$' "$scratch/pull.out"; then
        echo "models pull through the C1-only launcher: relaunched with C2, verified and installed"
    else
        kill "$hub" 2>/dev/null || true
        echo "check-deb.sh: models pull through bin/parallax failed:" >&2
        cat "$scratch/pull.err" >&2
        exit 1
    fi
    kill "$hub" 2>/dev/null || true
else
    echo "note: no test classes (mvn -B -q package -DskipTests builds them): the pull through bin/parallax was not checked" >&2
fi
