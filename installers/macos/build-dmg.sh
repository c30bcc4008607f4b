#!/usr/bin/env bash
# Builds target/installer/Parallax-VERSION.dmg on macOS (an unsigned Parallax.app with its own trimmed
# runtime, .gguf association). Needs JDK 17+ and Xcode's command line tools; run
# `mvn -B -q package -DskipTests` on the Mac first, so target/lib holds the macOS JavaFX jars.
#   installers/macos/build-dmg.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(uname -s) != Darwin ]]; then
    echo "$0 builds on macOS; on Linux run installers/linux/build-deb.sh, on Windows installers/windows/build-msi.ps1" >&2
    exit 1
fi
java_home=${JAVA_HOME:-$(/usr/libexec/java_home)}
jpackage=$java_home/bin/jpackage
if [[ ! -x $jpackage ]]; then
    echo "$0: no jpackage at $jpackage; it comes with JDK 17+ (set JAVA_HOME to a JDK)" >&2
    exit 1
fi
if [[ ! -f target/parallax.jar || ! -d target/lib ]]; then
    echo "$0: target/parallax.jar or target/lib is missing; build them with: mvn -B -q package -DskipTests" >&2
    exit 1
fi

version=${1:-$("$java_home/bin/java" -jar target/parallax.jar --version | sed -n 's/^Parallax //p')}
version=${version%%-*}
# A bundle version (CFBundleVersion) must start with a number of 1 or more.
if [[ $version == 0.* ]]; then
    echo "$0: macOS takes no app version that starts with 0 (this one is $version); pass one, e.g. $0 1.0.0" >&2
    exit 1
fi

rm -rf target/installer/input target/installer/Parallax-*.dmg
mkdir -p target/installer/input
cp target/parallax.jar target/installer/input/
cp -r target/lib target/installer/input/

"$jpackage" @installers/app-image.jpackage --type dmg --dest target/installer \
    --icon assets/icons/parallax.icns --app-version "$version" \
    --file-associations installers/gguf.properties \
    --mac-package-identifier dev.parallax.app --mac-package-name Parallax
echo "dmg: $(ls target/installer/Parallax-*.dmg)"
