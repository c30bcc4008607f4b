#!/usr/bin/env bash
# Parallax's current engine (end to end, through its worker) against native llama.cpp of the same commit,
# on this machine, in the same sitting. A speed floor written down on another machine says little about
# this one; llama-bench built from the exact source of the pinned libraries says what this machine can give.
#
#   bench/native.sh MODEL.gguf [ROUNDS=6] [THREADS=2] [PROMPT_TOKENS=128] [GEN_TOKENS=128]
#
# Builds llama-bench once from the source bundle that node-llama-cpp@3.22.1 ships (llama.cpp v0.5.0, the
# commit the pinned libraries were built from), -march=native, ggml's own threadpool (no OpenMP, as the
# shipped libraries), cached in ${PARALLAX_BENCH_CACHE:-~/.cache/parallax-bench}. Then ROUNDS interleaved
# rounds, each of three:
#   native:   that llama-bench, pp PROMPT_TOKENS, and tg GEN_TOKENS at depth PROMPT_TOKENS (Parallax
#             generates after its prompt), 3 repetitions each;
#   shipped:  the same llama-bench on the libraries Parallax ships (target/native), so the library build
#             and the path through Parallax are told apart;
#   Parallax: bench-local --engine current, 3 runs after a warm-up.
# Cloud VMs drift by 10-20% within a minute; rounds are short and interleaved, and the ratios are taken
# within a round. llama-bench generates without sampling; Parallax samples each token (top-k, penalties,
# top-p, min-p, temperature), so a generation ratio a little under 1 is the sampler's cost, not the path's.
#
# Linux x86-64 (the shipped libraries it links are linux-x64's). Needs: npm, git, cmake, a C/C++ compiler, node, JDK 17+,
# Maven. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:?usage: bench/native.sh MODEL.gguf [ROUNDS] [THREADS] [PROMPT_TOKENS] [GEN_TOKENS]}"
rounds="${2:-6}"; threads="${3:-2}"; prompt="${4:-128}"; gen="${5:-128}"

cache="${PARALLAX_BENCH_CACHE:-$HOME/.cache/parallax-bench}/llama-v0.5.0"
bench_bin="$cache/build/bin/llama-bench"
if [[ ! -x "$bench_bin" ]]; then
  echo "building llama-bench from the pinned source into $cache (once; several minutes on 2 cores)" >&2
  mkdir -p "$cache"
  (cd "$cache" && npm pack node-llama-cpp@3.22.1 --silent >/dev/null && tar xzf node-llama-cpp-3.22.1.tgz)
  rm -rf "$cache/src"
  git -c advice.detachedHead=false clone -q "$cache/package/llama/gitRelease.bundle" "$cache/src"
  { cmake -S "$cache/src" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF \
      -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
      && cmake --build "$cache/build" --target llama-bench -j "$(nproc)"; } >"$cache/build.log" 2>&1 \
    || { tail -30 "$cache/build.log" >&2; echo "building llama-bench failed; the whole log: $cache/build.log" >&2; exit 1; }
fi

[[ -f target/parallax.jar ]] || mvn -B -q package -DskipTests >/dev/null

# The shipped libraries under the names llama-bench was linked against; the binary is copied beside them, as
# ggml looks for its CPU variants next to the executable.
libs=target/native/linux-x64
shipped="$cache/shipped"
rm -rf "$shipped"; mkdir -p "$shipped"
ln -s "$PWD/$libs/libllama.v0.5.0.so" "$shipped/libllama.so.0"
ln -s "$PWD/$libs/libggml.v0.5.0.so" "$shipped/libggml.so.0"
ln -s "$PWD/$libs/libggml-base.so" "$shipped/libggml-base.so.0"
for f in "$PWD/$libs"/libggml-*.so; do ln -s "$f" "$shipped/"; done
cp "$bench_bin" "$shipped/llama-bench"

out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
llama_bench() { # BINARY NAME ROUND [LD_LIBRARY_PATH]
  LD_LIBRARY_PATH="${4:-}" "$1" -m "$model" -t "$threads" -p "$prompt" -n 0 -r 3 -o jsonl 2>/dev/null >"$out/$2-pp-$3.jsonl"
  LD_LIBRARY_PATH="${4:-}" "$1" -m "$model" -t "$threads" -p 0 -n "$gen" -d "$prompt" -r 3 -o jsonl 2>/dev/null >"$out/$2-tg-$3.jsonl"
}
for ((r = 1; r <= rounds; r++)); do
  llama_bench "$bench_bin" native "$r"
  llama_bench "$shipped/llama-bench" shipped "$r" "$shipped"
  java -jar target/parallax.jar bench-local --engine current --model "$model" --runs 3 --threads "$threads" \
    --prompt-tokens "$prompt" --gen-tokens "$gen" --json 2>/dev/null >"$out/parallax-$r.json"
  echo "round $r/$rounds done" >&2
done

node - "$out" "$rounds" "$model" "$threads" <<'EOF'
const fs = require('fs');
const [dir, rounds, model, threads] = process.argv.slice(2);
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const bench = f => JSON.parse(fs.readFileSync(f, 'utf8').trim().split('\n').pop()).avg_ts;
const rows = [];
for (let r = 1; r <= Number(rounds); r++) {
  const p = JSON.parse(fs.readFileSync(`${dir}/parallax-${r}.json`, 'utf8'))[0];
  rows.push({ round: r, build: p.engineBuild,
    nativePrompt: bench(`${dir}/native-pp-${r}.jsonl`), shippedPrompt: bench(`${dir}/shipped-pp-${r}.jsonl`), prompt: p.promptTps.median,
    nativeGen: bench(`${dir}/native-tg-${r}.jsonl`), shippedGen: bench(`${dir}/shipped-tg-${r}.jsonl`), gen: p.generationTps.median });
}
const n = x => x.toFixed(1).padStart(9);
const q = x => x.toFixed(3).padStart(7);
console.log(`${model} · ${threads} threads · Parallax: ${rows[0].build}`);
console.log('tokens/s. native = llama-bench built here from the same source; shipped = that llama-bench on the libraries Parallax ships');
console.log('                     prompt                                          generation');
console.log('round     native  shipped Parallax  P/nat P/ship           native  shipped Parallax  P/nat P/ship');
const line = (label, x) => console.log(`${label.padEnd(7)}${n(x.nativePrompt)}${n(x.shippedPrompt)}${n(x.prompt)}${q(x.prompt / x.nativePrompt)}${q(x.prompt / x.shippedPrompt)}       `
  + `${n(x.nativeGen)}${n(x.shippedGen)}${n(x.gen)}${q(x.gen / x.nativeGen)}${q(x.gen / x.shippedGen)}`);
rows.forEach(x => line(String(x.round), x));
const m = k => median(rows.map(x => x[k]));
const ratio = (a, b) => median(rows.map(x => x[a] / x[b]));
const med = { nativePrompt: m('nativePrompt'), shippedPrompt: m('shippedPrompt'), prompt: m('prompt'), nativeGen: m('nativeGen'), shippedGen: m('shippedGen'), gen: m('gen') };
line('median', med);
console.log(`medians of the per-round ratios: prompt Parallax/native ${ratio('prompt', 'nativePrompt').toFixed(3)}, Parallax/shipped ${ratio('prompt', 'shippedPrompt').toFixed(3)}; `
  + `generation Parallax/native ${ratio('gen', 'nativeGen').toFixed(3)}, Parallax/shipped ${ratio('gen', 'shippedGen').toFixed(3)}`);
console.log(JSON.stringify({ model, threads: Number(threads), engine_build: rows[0].build, rounds: rows.map(({ build, ...x }) => x),
  median: { native_prompt_tps: med.nativePrompt, shipped_prompt_tps: med.shippedPrompt, parallax_prompt_tps: med.prompt,
            native_generation_tps: med.nativeGen, shipped_generation_tps: med.shippedGen, parallax_generation_tps: med.gen },
  ratio_median: { prompt_vs_native: ratio('prompt', 'nativePrompt'), prompt_vs_shipped: ratio('prompt', 'shippedPrompt'),
                  generation_vs_native: ratio('gen', 'nativeGen'), generation_vs_shipped: ratio('gen', 'shippedGen') } }));
EOF
