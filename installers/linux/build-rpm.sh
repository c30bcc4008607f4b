#!/usr/bin/env bash
# Builds target/installer/parallax-VERSION-1.x86_64.rpm (installs to /opt/parallax, menu entry, .gguf
# association). Needs JDK 17+ and rpmbuild (Debian: apt-get install -y rpm; Fedora: rpm-build); run
# `mvn -B -q package -DskipTests` first.
#   installers/linux/build-rpm.sh [VERSION]
set -euo pipefail
# shellcheck source=installers/linux/app-image.sh
source "$(dirname "$0")/app-image.sh"
if ! command -v rpmbuild >/dev/null; then
    echo "$0: rpmbuild is missing (Debian: apt-get install -y rpm; Fedora: dnf install rpm-build)" >&2
    exit 1
fi

# jpackage takes files in --resource-dir by their public names in place of its own templates.
resources=$(mktemp -d)
trap 'rm -rf "$resources"' EXIT
cp installers/linux/parallax.desktop "$resources/Parallax.desktop"
# The spec: jpackage's template, plus the class-data archive's dump and removal (installers/linux/rpm/parallax.spec).
cp installers/linux/rpm/parallax.spec "$resources/parallax.spec"

rm -f target/installer/parallax-*.rpm
started=$SECONDS
# As in build-deb.sh, with Fedora's package names: jpackage cannot see the native libraries in jars.
"$jpackage" --type rpm --app-image "$app_image" --dest target/installer \
    --name Parallax --app-version "$version" --vendor Parallax \
    --description "Desktop workbench for deciding, prompt by prompt, between local and cloud AI" \
    --icon assets/icons/parallax.png --resource-dir "$resources" \
    --file-associations installers/gguf.properties \
    --linux-package-name parallax --linux-app-category Development/Tools \
    --linux-menu-group "Development;Utility;" --linux-shortcut \
    --linux-package-deps "gtk3, libgomp, libstdc++"
echo "rpm: $(ls target/installer/parallax-*.rpm) ($((SECONDS - started)) s)"
