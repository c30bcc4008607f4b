#!/usr/bin/env bash
# The same ROWS prompts at CONCURRENCY through `parallax bench` and through `promptfoo eval`, against the same fake
# OpenAI-compatible server (first token after 50 ms, 20 tokens 2 ms apart; one JSON reply for promptfoo's
# non-streaming requests). Prints wall time, CPU time (user + system) and peak memory of each tool's process, as
# measured by GNU time, RUNS times each.
#
#   bench/vs-promptfoo.sh PROMPTFOO_DIR [RUNS=3] [ROWS=1000] [CONCURRENCY=16]
#
# PARALLAX_JVM=cli runs Parallax with the JVM options of the installed command line (bin/parallax, read from
# installers/linux/parallax-cli.properties: serial collector, small initial heap, C1 only); by default it is
# `java -jar` with the JVM's own defaults (G1 from a heap of 1/64 of RAM), as the README's run command starts it.
#
# PROMPTFOO_DIR holds node_modules/promptfoo (e.g. `npm install --prefix /tmp/pf promptfoo@0.121.20`; Node 20+).
# As root, everything runs in a network namespace with only loopback (unshare -n): nothing can leave the machine.
# Otherwise only 127.0.0.1 is contacted, and promptfoo's telemetry, update check and sharing are switched off.
set -euo pipefail
cd "$(dirname "$0")/.."
PF=${1:?usage: bench/vs-promptfoo.sh PROMPTFOO_DIR [RUNS] [ROWS] [CONCURRENCY]}
PF=$(cd "$PF" && pwd)
RUNS=${2:-3}
ROWS=${3:-1000}
CONC=${4:-16}
JVM_OPTIONS=()
if [[ "${PARALLAX_JVM:-}" == cli ]]; then
    read -r -a JVM_OPTIONS <<< "$(sed -n 's/^java-options=//p' installers/linux/parallax-cli.properties)"
fi
if [[ "${PARALLAX_IN_NETNS:-}" != 1 && $(id -u) == 0 ]] && command -v unshare >/dev/null; then
    exec env PARALLAX_IN_NETNS=1 unshare -n bash -c 'ip link set lo up; exec "$0" "$@"' "$0" "$@"
fi
[[ -f target/parallax.jar ]] || mvn -B -q package -DskipTests >/dev/null
mvn -B -q test-compile >/dev/null
CP_FILE=target/batch-bench.classpath
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1 \
    || mvn -B -q dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="target/test-classes:target/classes:$(cat "$CP_FILE")"

WORK=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null || true; [[ -n "${KEEP:-}" ]] || rm -rf "$WORK"' EXIT
printf 'prompt\n' > "$WORK/rows.csv"
for i in $(seq 0 $((ROWS - 1))); do printf 'question %04d\n' "$i"; done >> "$WORK/rows.csv"

mkfifo "$WORK/server.in"
java -Xmx256m -cp "$CP" dev.parallax.testing.FakeOpenAiServerMain 50 20 2 < "$WORK/server.in" > "$WORK/server.out" &
exec 3> "$WORK/server.in"
for _ in $(seq 1 100); do grep -q LISTENING "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
BASE=$(sed -n 's/^LISTENING //p' "$WORK/server.out")
[[ -n "$BASE" ]] || { echo "the fake server did not start" >&2; exit 1; }

cat > "$WORK/promptfooconfig.yaml" <<YAML
description: parallax vs promptfoo
prompts:
  - "{{prompt}}"
providers:
  - id: openai:chat:gpt-4o-mini
    config:
      apiBaseUrl: $BASE
      apiKey: sk-test-00000000000000000000
      max_tokens: 32
tests: file://$WORK/rows.csv
YAML

measure() { # label, command...: one JSON line from GNU time's wall, user, system, max RSS
    local label=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" > "$WORK/$label.out" 2> "$WORK/$label.err" \
        || { echo "$label failed:" >&2; tail -5 "$WORK/$label.err" >&2; return 1; }
    read -r wall user sys rss < "$WORK/time"
    printf '{"tool":"%s","rows":%d,"concurrency":%d,"wall_s":%s,"cpu_s":%.2f,"peak_rss_mb":%.0f,"jvm_options":"%s"}\n' \
        "$label" "$ROWS" "$CONC" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
        "$([[ $label == parallax ]] && echo "${JVM_OPTIONS[*]:-}")"
}

for run in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/home" "$WORK/pfhome"
    measure parallax env PARALLAX_KEYSTORE=file OPENAI_BASE_URL="$BASE" OPENAI_API_KEY=sk-test-00000000000000000000 \
        java ${JVM_OPTIONS[@]+"${JVM_OPTIONS[@]}"} -jar target/parallax.jar --home "$WORK/home" bench --dataset "$WORK/rows.csv" \
        --target openai:gpt-4o-mini --concurrency "$CONC" --max-tokens 32 --json
    measure promptfoo env PROMPTFOO_CONFIG_DIR="$WORK/pfhome" PROMPTFOO_DISABLE_TELEMETRY=1 PROMPTFOO_DISABLE_UPDATE=1 \
        PROMPTFOO_DISABLE_SHARING=1 PROMPTFOO_DISABLE_REMOTE_GENERATION=1 PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION=1 \
        OPENAI_API_KEY=sk-test-00000000000000000000 node "$PF/node_modules/promptfoo/dist/src/entrypoint.js" eval -c "$WORK/promptfooconfig.yaml" \
        --no-cache -j "$CONC" --no-table --no-progress-bar --no-share
done
exec 3>&-
wait
cat "$WORK/server.out" | tail -1 >&2
