#!/usr/bin/env bash
# Draws the Parallax logo (two offset layers on a dark tile) and derives every platform's icon from it:
# parallax.png (256x256, Linux and the window), parallax.ico (Windows), parallax.icns (macOS).
# Needs ImageMagick 6 (convert) and png2icns (Debian: apt-get install -y imagemagick icnsutils).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Drawn once at 1024 px and scaled down, so small sizes stay smooth. No timestamps: rebuilds are identical.
png=(-depth 8 -strip -define 'png:exclude-chunks=date,time')
convert -size 1024x1024 xc:none \
    -fill '#1f2340' -draw 'roundrectangle 40,40 984,984 200,200' \
    -fill '#38bdf8' -draw 'roundrectangle 200,200 664,664 96,96' \
    -fill '#f59e0bd9' -draw 'roundrectangle 360,360 824,824 96,96' \
    "${png[@]}" "$work/parallax-1024.png"
for size in 16 32 48 128 256 512; do
    convert "$work/parallax-1024.png" -resize "${size}x${size}" "${png[@]}" "$work/parallax-$size.png"
done

cp "$work/parallax-256.png" parallax.png
convert "$work"/parallax-{16,32,48,256}.png parallax.ico
png2icns parallax.icns "$work"/parallax-{16,32,48,128,256,512,1024}.png >/dev/null
