#!/usr/bin/env bash
# Installs the pinned llama.cpp prebuilt libraries with npm (which checks each package against the
# integrity hash in package-lock.json) and copies only what Parallax loads into OUT/<platform>/:
# libllama, libggml, libggml-base and the libggml-cpu-<variant> family, plus the MIT licence.
# Without npm, or offline with an empty npm cache, it warns and leaves the current engine out:
# Parallax then runs local models through java-llama.cpp only.
set -uo pipefail
out="${1:?usage: fetch-llama-libs.sh OUT_DIR WORK_DIR}"
work="${2:?usage: fetch-llama-libs.sh OUT_DIR WORK_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v npm >/dev/null 2>&1; then
  echo "[parallax] npm not found: building without the current llama.cpp engine (java-llama.cpp only)."
  exit 0
fi
mkdir -p "$work" "$out"
cp "$here/npm/package.json" "$here/npm/package-lock.json" "$work/"
if ! (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error); then
  echo "[parallax] npm could not install the pinned llama.cpp libraries (offline with an empty cache?):"
  echo "[parallax] building without the current llama.cpp engine (java-llama.cpp only)."
  exit 0
fi
found=0
for bins in "$work"/node_modules/@node-llama-cpp/*/bins/*; do
  [ -d "$bins" ] || continue
  platform="$(basename "$bins")"
  dest="$out/$platform"
  rm -rf "$dest" && mkdir -p "$dest"
  for f in "$bins"/*; do
    name="$(basename "$f")"
    case "$name" in
      libllama-common*|*.node|_nlcBuildMetadata.json) ;;          # not loaded by Parallax
      lib*.so|lib*.so.*|lib*.dylib|*.dll) cp "$f" "$dest/" ;;
    esac
  done
  cp "$(dirname "$(dirname "$bins")")/LICENSE" "$dest/LICENSE-node-llama-cpp-and-llama.cpp.txt"
  echo "[parallax] llama.cpp libraries for $platform -> $dest"
  found=1
done
[ "$found" = 1 ] || echo "[parallax] no prebuilt llama.cpp libraries for this platform: java-llama.cpp only."
exit 0
