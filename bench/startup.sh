#!/usr/bin/env bash
# Time to first frame of the desktop window: starts Parallax RUNS times (default 5), each with
# -Dparallax.exitAfterFirstFrame=true, and prints each run's "first frame after N ms" and the median.
# N is measured inside the app from the JVM's start, so a slow display server is not counted.
#
#   bench/startup.sh [RUNS]                   java -jar target/parallax.jar (build it first)
#   bench/startup.sh [RUNS] -- COMMAND...     any launcher, e.g. an installed /opt/parallax/bin/Parallax;
#                                             the property reaches it through JAVA_TOOL_OPTIONS
#
# Without $DISPLAY it runs under one Xvfb (xvfb-run). Each run gets a fresh, empty PARALLAX_HOME.
set -euo pipefail

runs=5
if [[ $# -gt 0 && $1 != -- ]]; then
    runs=$1
    shift
fi
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "startup.sh: RUNS must be a positive whole number, not '$runs'" >&2
    exit 2
fi

if [[ -z ${DISPLAY:-} ]]; then
    if ! command -v xvfb-run >/dev/null; then
        echo "startup.sh: no DISPLAY and no xvfb-run; install it (Debian: apt-get install -y xvfb)" >&2
        exit 1
    fi
    exec xvfb-run -a "$0" "$runs" "$@"
fi

cd "$(dirname "$0")/.."
if [[ ${1:-} == -- ]]; then
    shift
    command=("$@")
    export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Dparallax.exitAfterFirstFrame=true"
else
    if [[ ! -f target/parallax.jar ]]; then
        echo "startup.sh: target/parallax.jar is missing; build it with: mvn -B -q package -DskipTests" >&2
        exit 1
    fi
    command=(java -Dparallax.exitAfterFirstFrame=true -jar target/parallax.jar)
fi
if [[ ${#command[@]} -eq 0 ]]; then
    echo "startup.sh: nothing to run after --" >&2
    exit 2
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
values=()
for ((i = 1; i <= runs; i++)); do
    home="$scratch/home-$i"
    mkdir "$home"
    # Timed from outside: the clock starts before exec and stops when the probe line arrives. (The
    # JVM's own process start instant can be off by a second on virtual machines, so the N the app
    # prints is shown for reference only.)
    : >"$scratch/out"
    started=$(date +%s%N)
    arrived=""
    while IFS= read -r line; do
        printf '%s\n' "$line" >>"$scratch/out"
        if [[ -z $arrived && $line == "parallax: first frame after "* ]]; then
            arrived=$(date +%s%N)
        fi
    done < <(PARALLAX_HOME="$home" timeout 120 "${command[@]}" 2>&1)
    probe=$(sed -n 's/^parallax: first frame after \([0-9][0-9]*\) ms$/\1/p' "$scratch/out" | head -n 1)
    if [[ -z $arrived || -z $probe ]]; then
        echo "startup.sh: run $i printed no 'parallax: first frame after N ms' line; its output:" >&2
        cat "$scratch/out" >&2
        exit 1
    fi
    ms=$(( (arrived - started) / 1000000 ))
    echo "run $i: first frame after $ms ms from exec (the app's own probe says $probe ms from the JVM's start instant)"
    values+=("$ms")
done

printf '%s\n' "${values[@]}" | sort -n | awk '
    { v[NR] = $1 }
    END {
        median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "median %s ms (min %s, max %s, %d runs)\n", median, v[1], v[NR], NR
    }'
