#!/usr/bin/env bash
# With --architectures, also prints the architecture names of that build (for
# src/main/resources/dev/parallax/models/engines/llama.cpp-current.engine).
# Re-extracts the llama.cpp headers that match the pinned prebuilt libraries, from the source bundle
# that node-llama-cpp ships, into src/test/native/llama-v0.5.0/include.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack node-llama-cpp@3.22.1 --silent >/dev/null && tar xzf node-llama-cpp-3.22.1.tgz)
git clone -q "$tmp/package/llama/gitRelease.bundle" "$tmp/src"
dest="$root/src/test/native/llama-v0.5.0/include"
mkdir -p "$dest"
cp "$tmp/src/include/llama.h" "$dest/"
for h in ggml.h ggml-alloc.h ggml-backend.h ggml-cpu.h ggml-opt.h gguf.h; do cp "$tmp/src/ggml/include/$h" "$dest/"; done
echo "headers written to $dest"
if [[ "${1:-}" == "--architectures" ]]; then
  sed -n '/LLM_ARCH_NAMES/,/^};/p' "$tmp/src/src/llama-arch.cpp" | grep -oE '\{ *LLM_ARCH_[A-Z0-9_]+, *"[^"]+"' \
    | sed -E 's/.*"([^"]+)"/\1/' | grep -v -e '^(unknown)$' -e '^clip$'
fi
