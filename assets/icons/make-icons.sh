#!/usr/bin/env bash
# Draws the Parallax logo (MakeLogo.java) and derives every platform's icon from it:
# parallax.png (256x256, Linux and the window), parallax.ico (Windows), parallax.icns (macOS).
# Needs Java 17+, ImageMagick 6 (convert) and png2icns (Debian: apt-get install -y imagemagick icnsutils).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# MakeLogo.java draws the logo (two overlapping circles: one view, two vantage points) at 256 px;
# the smaller sizes are scaled from it. No timestamps: rebuilds are identical.
png=(-depth 8 -strip -define 'png:exclude-chunks=date,time')
java MakeLogo.java "$work/parallax-256.png"
for size in 16 32 48 128; do
    convert "$work/parallax-256.png" -resize "${size}x${size}" "${png[@]}" "$work/parallax-$size.png"
done

cp "$work/parallax-256.png" parallax.png
convert "$work"/parallax-{16,32,48,256}.png parallax.ico
png2icns parallax.icns "$work"/parallax-{16,32,48,128,256}.png >/dev/null
