#!/usr/bin/env bash
# Download benchmark on loopback, against the fake Hub (src/test/.../FakeHub.java), with a generated GGUF file:
#   1. throughput, runs interleaved, medians: `curl -L -o`; the same work as a pull done by hand (curl -o, then
#      openssl sha256, then fsync); `parallax models pull` (its download phase: resolve, fetch, in-order sha256,
#      fsync, GGUF check, rename, install; and the whole command with JVM start); the transport alone (range
#      requests into a file, no verification: TransportBench). Also the pull's peak Java heap
#      (jstat, sampled) under -Xmx64m, and its peak RSS;
#   2. resume: a throttled pull killed with -9 at ~50%, run again; the Hub counts the bytes it served.
# Usage: bench/download.sh [SIZE_MB=1024] [RUNS=3] [CONNECTIONS=4]
# Needs: JDK 17, Maven, curl, openssl, sha256sum, bc; aria2c is measured too when installed (apt-get install -y
# aria2). Writes under ${BENCH_DIR:-/tmp/parallax-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${1:-1024}
RUNS=${2:-3}
CONNECTIONS=${3:-4}
DIR=${BENCH_DIR:-/tmp/parallax-bench}
PORT=${BENCH_PORT:-18931}
REPO=bench/Blob-GGUF
FILE=Blob-Q8_0.gguf
SIZE=$((SIZE_MB * 1024 * 1024))
HEAP=${BENCH_HEAP:-64m}

[ -f target/parallax.jar ] && [ -d target/test-classes/dev/parallax/testing ] || mvn -B -q package -DskipTests
CP="target/test-classes:target/classes:target/lib/*"
mkdir -p "$DIR"
if [ ! -f "$DIR/$FILE" ] || [ "$(stat -c %s "$DIR/$FILE")" != "$SIZE" ]; then
    echo "generating a $SIZE_MB MiB GGUF in $DIR" >&2
    java -cp "$CP" dev.parallax.testing.LargeGguf "$DIR/$FILE" "$SIZE" >/dev/null
fi

HUB_PID=
start_hub() { # [throttle bytes/s per connection]
    stop_hub
    java -Xmx256m -cp "$CP" dev.parallax.testing.FakeHubMain "$PORT" "$REPO" "$FILE" "$DIR/$FILE" ${1:-} >"$DIR/hub.out" &
    HUB_PID=$!
    for _ in $(seq 100); do grep -q sha256 "$DIR/hub.out" 2>/dev/null && break; sleep 0.1; done
    URL=$(head -1 "$DIR/hub.out"); SHA=$(sed -n 's/^sha256 //p' "$DIR/hub.out")
}
stop_hub() { if [ -n "$HUB_PID" ]; then kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true; fi; HUB_PID=; }
served() { curl -s "http://127.0.0.1:$PORT/_fake/stats" | sed 's/.*"bytes_served":\([0-9]*\).*/\1/'; }
now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pull() { # home, extra java args...
    local home=$1; shift
    HF_ENDPOINT="http://127.0.0.1:$PORT" java "$@" -jar target/parallax.jar --home "$home" \
        models pull "$REPO:Q8_0" --connections "$CONNECTIONS"
}
trap 'stop_hub' EXIT

start_hub
echo "file: $SIZE_MB MiB, sha256 $SHA; parallax: $CONNECTIONS connections, -Xmx$HEAP" >&2
: >"$DIR/curl.times"; : >"$DIR/aria.times"; : >"$DIR/ariasha.times"; : >"$DIR/same.times"; : >"$DIR/transport.times"; : >"$DIR/httpclient.times"; : >"$DIR/pull.times"; : >"$DIR/phase.times"; : >"$DIR/heap.peaks"; : >"$DIR/rss.peaks"
for run in $(seq "$RUNS"); do
    rm -f "$DIR/curl.out"; sync
    t0=$(now); curl -sS -L -o "$DIR/curl.out" "$URL"; t1=$(now)
    echo "$t1 - $t0" | bc -l >>"$DIR/curl.times"
    rm -f "$DIR/curl.out"; sync
    t0=$(now); curl -sS -L -o "$DIR/curl.out" "$URL"; openssl dgst -sha256 "$DIR/curl.out" >/dev/null; sync "$DIR/curl.out"; t1=$(now)
    echo "$t1 - $t0" | bc -l >>"$DIR/same.times"
    rm -f "$DIR/curl.out"; sync
    if command -v aria2c >/dev/null; then
        # aria2c, the multi-connection downloader, with the same connections: without a check, then with its sha-256
        # check (which it runs after the download).
        t0=$(now); aria2c -q -x"$CONNECTIONS" -s"$CONNECTIONS" -k1M --file-allocation=none -d "$DIR" -o aria.out "$URL"; t1=$(now)
        echo "$t1 - $t0" | bc -l >>"$DIR/aria.times"
        rm -f "$DIR/aria.out"; sync
        t0=$(now); aria2c -q -x"$CONNECTIONS" -s"$CONNECTIONS" -k1M --file-allocation=none --checksum=sha-256="$SHA" \
            -d "$DIR" -o aria.out "$URL"; t1=$(now)
        echo "$t1 - $t0" | bc -l >>"$DIR/ariasha.times"
        rm -f "$DIR/aria.out"; sync
    fi
    java -Xmx$HEAP -cp "$CP" dev.parallax.testing.TransportBench "http://127.0.0.1:$PORT" "$REPO" "$FILE" \
        "$DIR/transport.out" "$CONNECTIONS" >>"$DIR/transport.times"
    java -Xmx$HEAP -cp "$CP" dev.parallax.testing.TransportBench "http://127.0.0.1:$PORT" "$REPO" "$FILE" \
        "$DIR/transport.out" "$CONNECTIONS" httpclient >>"$DIR/httpclient.times"

    rm -rf "$DIR/home"; sync
    t0=$(now)
    /usr/bin/time -f "%M" -o "$DIR/rss.txt" env HF_ENDPOINT="http://127.0.0.1:$PORT" java -Xmx$HEAP \
        -Xlog:gc:file="$DIR/gc.log" -jar target/parallax.jar --home "$DIR/home" \
        models pull "$REPO:Q8_0" --connections "$CONNECTIONS" >"$DIR/pull.out" 2>"$DIR/pull.err"
    t1=$(now)
    # The heap's high-water mark: the largest occupancy before a collection ("Pause Young ... 24M->8M(64M)").
    peak=$(grep -o '[0-9]*M->' "$DIR/gc.log" | tr -d 'M>-' | sort -n | tail -1)
    peak=$((${peak:-0} * 1024))
    echo "$t1 - $t0" | bc -l >>"$DIR/pull.times"
    echo "$peak" >>"$DIR/heap.peaks"
    sed -n 's/^fetched, verified (sha256) and installed .* in \([0-9.]*\) s .*/\1/p' "$DIR/pull.err" >>"$DIR/phase.times"
    cat "$DIR/rss.txt" >>"$DIR/rss.peaks"
    got=$(sha256sum "$DIR/home/models/bench/Blob-GGUF/$FILE" | cut -d' ' -f1)
    [ "$got" = "$SHA" ] || { echo "run $run: sha256 mismatch" >&2; exit 1; }
    echo "run $run: curl -o $(tail -1 "$DIR/curl.times" | cut -c1-5) s, curl+sha256+fsync $(tail -1 "$DIR/same.times" | cut -c1-5) s, transport only $(tail -1 "$DIR/transport.times") s (java.net.http $(tail -1 "$DIR/httpclient.times") s), pull download phase $(tail -1 "$DIR/phase.times") s, whole pull command $(tail -1 "$DIR/pull.times" | cut -c1-5) s, heap peak ${peak} KiB" >&2
done
CURL_S=$(median <"$DIR/curl.times"); SAME_S=$(median <"$DIR/same.times"); TRANSPORT_S=$(median <"$DIR/transport.times"); HTTPCLIENT_S=$(median <"$DIR/httpclient.times"); PHASE_S=$(median <"$DIR/phase.times"); PULL_S=$(median <"$DIR/pull.times")
mibs() { echo "$SIZE_MB / $1" | bc -l | cut -c1-6; }
echo "medians of $RUNS ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)):"
echo "  curl -o                       $(mibs "$CURL_S") MiB/s"
echo "  curl -o + sha256 + fsync      $(mibs "$SAME_S") MiB/s"
if [ -s "$DIR/aria.times" ]; then
    ARIA_S=$(median <"$DIR/aria.times"); ARIASHA_S=$(median <"$DIR/ariasha.times")
    echo "  aria2c -x$CONNECTIONS                    $(mibs "$ARIA_S") MiB/s; with its sha-256 check $(mibs "$ARIASHA_S") MiB/s"
fi
echo "  parallax transport only       $(mibs "$TRANSPORT_S") MiB/s = $(echo "$CURL_S / $TRANSPORT_S" | bc -l | cut -c1-4) x curl -o (HubClient ranges into a file; no hash, fsync or bookkeeping)"
echo "  same, through java.net.http   $(mibs "$HTTPCLIENT_S") MiB/s (the alternative not taken, docs/decisions/0004)"
echo "  parallax pull, download phase $(mibs "$PHASE_S") MiB/s = $(echo "$CURL_S / $PHASE_S" | bc -l | cut -c1-4) x curl -o, $(echo "$SAME_S / $PHASE_S" | bc -l | cut -c1-4) x curl+sha256+fsync"
echo "  parallax pull, whole command  $(mibs "$PULL_S") MiB/s (with JVM start, database, Hub API calls)"
echo "parallax heap high-water mark (GC log, KiB): $(sort -n "$DIR/heap.peaks" | tail -1) with -Xmx$HEAP; peak RSS (KiB): $(sort -n "$DIR/rss.peaks" | tail -1)"

# Resume: throttle each connection so the kill lands mid-file, kill -9 at ~50%, then pull again.
RATE=$((SIZE / 10 / CONNECTIONS))
start_hub "$RATE"
rm -rf "$DIR/home"
pull "$DIR/home" -Xmx$HEAP >"$DIR/resume1.out" 2>"$DIR/resume1.err" &
PULL=$!
while [ "$(served)" -lt $((SIZE / 2)) ]; do sleep 0.05; done
jpid=$(pgrep -f -n "parallax.jar --home $DIR/home" || echo "$PULL")
kill -9 "$jpid"; wait "$PULL" 2>/dev/null || true
AT_KILL=$(served)
stop_hub; start_hub        # the same Hub, no longer throttled, counters from zero
t0=$(now); pull "$DIR/home" -Xmx$HEAP >"$DIR/resume2.out" 2>"$DIR/resume2.err"; t1=$(now)
SECOND=$(served)
got=$(sha256sum "$DIR/home/models/bench/Blob-GGUF/$FILE" | cut -d' ' -f1)
[ "$got" = "$SHA" ] && VERIFIED=yes || VERIFIED=NO
echo "resume: killed (-9) after the Hub served $AT_KILL bytes; the second run fetched $SECOND bytes in $(echo "$t1 - $t0" | bc -l | cut -c1-5) s;"
echo "        served in all $((AT_KILL + SECOND)) for a $SIZE-byte file: $((AT_KILL + SECOND - SIZE)) bytes fetched twice; sha256 verified: $VERIFIED; installed as $(cat "$DIR/resume2.out")"
