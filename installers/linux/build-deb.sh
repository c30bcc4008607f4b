#!/usr/bin/env bash
# Builds target/installer/parallax_VERSION-1_amd64.deb (installs to /opt/parallax, menu entry, .gguf
# association). Needs JDK 17+, fakeroot and dpkg-deb; run `mvn -B -q package -DskipTests` first, or
# use `mvn -B -Pinstaller package`, which calls this script.
#   installers/linux/build-deb.sh [VERSION]
set -euo pipefail
# shellcheck source=installers/linux/app-image.sh
source "$(dirname "$0")/app-image.sh"

# jpackage takes files in --resource-dir by their public names in place of its own templates.
resources=$(mktemp -d)
trap 'rm -rf "$resources"' EXIT
cp installers/linux/deb/postinst installers/linux/deb/prerm "$resources/"
cp installers/linux/parallax.desktop "$resources/Parallax.desktop"
# jpackage gives every launcher a menu entry; the command line's (bin/parallax) is hidden (NoDisplay).
cp installers/linux/parallax-cli.desktop "$resources/parallax.desktop"

rm -f target/installer/parallax_*.deb
started=$SECONDS
# JavaFX's and llama.cpp's native libraries sit inside jars, where jpackage's dependency scan cannot
# see them: GTK for the window, libgomp and libstdc++ for the local engine.
"$jpackage" --type deb --app-image "$app_image" --dest target/installer \
    --name Parallax --app-version "$version" --vendor Parallax \
    --description "Desktop workbench for deciding, prompt by prompt, between local and cloud AI" \
    --icon assets/icons/parallax.png --resource-dir "$resources" \
    --file-associations installers/gguf.properties \
    --linux-package-name parallax --linux-app-category devel \
    --linux-menu-group "Development;Utility;" --linux-shortcut \
    --linux-package-deps "libgtk-3-0, libgomp1, libstdc++6"
echo "deb: $(ls target/installer/parallax_*.deb) ($((SECONDS - started)) s)"
