#!/bin/sh
# Builds the class-data archive, lib/app/parallax.jsa, from the class list the package ships (lib/app/parallax.classlist,
# written when the package was built): the JDK's, JavaFX's and Parallax's classes, parsed and verified once, mapped by
# every later `parallax` command and window start instead of loaded from the jars (docs/decisions/0015).
# The .deb's postinst and the .rpm's %post run it after unpacking; an archive must be dumped where it is used, since the JVM (17)
# checks the class path it was made with. Failing leaves no archive: the commands then load classes as before.
#   parallax-cds.sh APP_DIR        (the installation's lib/app, e.g. /opt/parallax/lib/app)
app=${1:?usage: parallax-cds.sh APP_DIR}
java=$app/../runtime/bin/java
archive=$app/parallax.jsa
[ -x "$java" ] && [ -f "$app/parallax.classlist" ] && [ -f "$app/parallax.cfg" ] || exit 1
# The class path exactly as the launcher builds it: the cfg's app.classpath lines, in order, $APPDIR expanded.
classpath=$(awk -v app="$app" 'index($0, "app.classpath=") == 1 {
        entry = substr($0, 15); if (index(entry, "$APPDIR") == 1) entry = app substr(entry, 8)
        printf "%s%s", sep, entry; sep = ":" }' "$app/parallax.cfg")
rm -f "$archive"
if ! "$java" -Xshare:dump -XX:SharedClassListFile="$app/parallax.classlist" -XX:SharedArchiveFile="$archive" \
        -cp "$classpath" >/dev/null 2>&1; then
    rm -f "$archive"
    exit 1
fi
