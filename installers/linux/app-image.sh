# shellcheck shell=bash
# Sourced by build-deb.sh and build-rpm.sh: builds target/installer/Parallax (the app image: launcher,
# the jars, and a runtime trimmed to the modules in installers/app-image.jpackage) and sets
# $jpackage, $version and $app_image for the package step.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

if [[ $(uname -s) != Linux ]]; then
    echo "$0 builds Linux packages; on Windows run installers/windows/build-msi.ps1, on macOS installers/macos/build-dmg.sh" >&2
    exit 1
fi
# jpackage from $JAVA_HOME, else the one next to the java on PATH.
if [[ -n ${JAVA_HOME:-} ]]; then
    jpackage=$JAVA_HOME/bin/jpackage
else
    java_bin=$(readlink -f "$(command -v java)")
    jpackage=${java_bin%/java}/jpackage
fi
if [[ ! -x $jpackage ]]; then
    echo "$0: no jpackage at $jpackage; it comes with JDK 17+ (set JAVA_HOME to a JDK, not a JRE)" >&2
    exit 1
fi
if [[ ! -f target/parallax.jar || ! -d target/lib ]]; then
    echo "$0: target/parallax.jar or target/lib is missing; build them with: mvn -B -q package -DskipTests" >&2
    exit 1
fi

# The version: the first argument (Maven passes the pom's), else the jar's own. jpackage takes
# only numbers, so a -SNAPSHOT suffix goes.
version=${1:-$("${jpackage%/jpackage}/java" -jar target/parallax.jar --version | sed -n 's/^Parallax //p')}
version=${version%%-*}

rm -rf target/installer/Parallax target/installer/input
mkdir -p target/installer/input
cp target/parallax.jar target/installer/input/
# Only the jars the launcher jar's manifest names: target/lib keeps jars of dependencies dropped since the last
# `mvn clean` (copy-dependencies adds, never removes), and those must not ship.
mkdir -p target/installer/input/lib target/installer/manifest
(cd target/installer/manifest && "${jpackage%/jpackage}/jar" xf ../../parallax.jar META-INF/MANIFEST.MF)
awk '/^Class-Path: /{on=1; sub(/^Class-Path: /, ""); cp=$0; next} on && /^ /{cp=cp substr($0, 2); next} {on=0}
     END{print cp}' target/installer/manifest/META-INF/MANIFEST.MF | tr -d '\r' | tr ' ' '\n' | grep -v '^$' \
    | while read -r jar; do cp "target/$jar" target/installer/input/lib/; done
rm -rf target/installer/manifest
# Jars that carry native libraries for every OS: keep only this package's (Linux x86-64). Saves ~400 MB
# unpacked (ONNX Runtime ships macOS debug symbols and a Windows .pdb) before jlink's runtime is added.
strip_natives() {
    local jar=$1; shift
    [[ -f $jar ]] || return 0
    zip -q -d "$jar" "$@" >/dev/null 2>&1 || true
}
if command -v zip >/dev/null; then
    for jar in target/installer/input/lib/onnxruntime-*.jar; do
        strip_natives "$jar" 'ai/onnxruntime/native/linux-aarch64/*' 'ai/onnxruntime/native/osx-*' 'ai/onnxruntime/native/win-*'
    done
    for jar in target/installer/input/lib/tokenizers-*.jar; do
        strip_natives "$jar" 'native/lib/linux-aarch64/*' 'native/lib/osx-*' 'native/lib/win-*'
    done
    for jar in target/installer/input/lib/llama-*.jar; do
        strip_natives "$jar" 'de/kherud/llama/Windows/*' 'de/kherud/llama/Mac/*' 'de/kherud/llama/Linux-Android/*' \
            'de/kherud/llama/Linux/aarch64/*'
    done
else
    echo "note: zip not found; the package keeps every OS's native libraries (apt-get install -y zip)" >&2
fi
# The current llama.cpp engine's pinned libraries (when the build fetched them); its worker still needs
# a Java 22+ runtime on the machine, else Parallax runs local models on java-llama.cpp.
if [[ -d target/native ]]; then
    cp -r target/native target/installer/input/
    # ...and a Java 22+ runtime for that worker (the app itself stays on the trimmed Java 17 runtime):
    # jlink from $PARALLAX_ENGINE_JDK, else the newest JDK 22+ under /usr/lib/jvm. Modules: what the FFM
    # worker loads (java.desktop for Jinjava's java.beans, measured: without it chat templates fail).
    engine_jdk=${PARALLAX_ENGINE_JDK:-}
    if [[ -z $engine_jdk ]]; then
        best=0
        for jdk in /usr/lib/jvm/*/; do
            v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null || true)
            if [[ -n $v && $v -ge 22 && $v -gt $best && -x $jdk/bin/jlink ]]; then
                best=$v
                engine_jdk=${jdk%/}
            fi
        done
    fi
    if [[ -n $engine_jdk && -x $engine_jdk/bin/jlink ]]; then
        # --generate-cds-archive: the runtime's own class-data archive (lib/server/classes.jsa), which jlink leaves out
        # unless asked; the worker's shared archive builds on it (WorkerClassArchive, decision 0015). The workers run
        # with -Xmx256m, so the archive for heaps past 32 GB (classes_nocoops.jsa) goes.
        "$engine_jdk/bin/jlink" --add-modules java.base,java.desktop,java.logging,jdk.unsupported \
            --strip-debug --no-man-pages --no-header-files --compress=zip-6 --generate-cds-archive \
            --output target/installer/input/engine-runtime
        rm -f target/installer/input/engine-runtime/lib/server/classes_nocoops.jsa
        echo "engine runtime for the current llama.cpp: jlink of $engine_jdk ($(du -sh target/installer/input/engine-runtime | cut -f1))"
    else
        echo "note: no JDK 22+ with jlink found (set PARALLAX_ENGINE_JDK): the package runs local models on" \
            "java-llama.cpp unless the user's machine has a Java 22+ runtime" >&2
    fi
fi

# The class list for the class-data archive that the .deb's postinst and the .rpm's %post dump (parallax-cds.sh;
# decision 0015): the classes a few commands load, run from the packaged jars with a throw-away home. The pull fails at
# once (nothing listens on port 9) after loading the Hub client and the downloader.
training=$(mktemp -d)
java_bin=${jpackage%/jpackage}/java
for command in "models downloads" "history" "models list" "models pull demo/Model-GGUF:Q4_K_M"; do
    # shellcheck disable=SC2086 # the command's words
    HF_ENDPOINT=http://127.0.0.1:9 "$java_bin" -XX:DumpLoadedClassList="$training/$(echo "$command" | tr ' /:' '___').list" \
        -jar target/installer/input/parallax.jar --home "$training/home" $command >/dev/null 2>&1 || true
done
# ...and the window's, to its first frame, where a display or xvfb-run is at hand (the window's launcher maps the same
# archive: first frame 1.30-1.35 s instead of 1.88 s; 1.58-1.63 s with the command line's classes only).
window_list=$training/window.list
window=(timeout 120 "$java_bin" -XX:DumpLoadedClassList="$window_list" -Dparallax.exitAfterFirstFrame=true
    -jar target/installer/input/parallax.jar --home "$training/home")
if [[ -n ${DISPLAY:-} ]]; then
    "${window[@]}" >/dev/null 2>&1 || true
elif command -v xvfb-run >/dev/null; then
    xvfb-run -a "${window[@]}" >/dev/null 2>&1 || true
fi
[[ -s $window_list ]] || echo "note: no display and no xvfb-run: the class-data archive holds the command line's classes only" >&2
cat "$training"/*.list | awk '!seen[$0]++' >target/installer/input/parallax.classlist
rm -rf "$training"
cp installers/linux/parallax-cds.sh target/installer/input/
echo "class list for the class-data archive: $(wc -l <target/installer/input/parallax.classlist) classes"

started=$SECONDS
"$jpackage" @installers/app-image.jpackage --type app-image --dest target/installer \
    --icon assets/icons/parallax.png --app-version "$version" \
    --java-options "-XX:SharedArchiveFile=\$APPDIR/parallax.jsa" \
    --add-launcher parallax=installers/linux/parallax-cli.properties
app_image=target/installer/Parallax
echo "app image: $app_image ($((SECONDS - started)) s)"
