package dev.parallax.cli;

import dev.parallax.app.Version;
import picocli.CommandLine;

/** {@code parallax --version}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"Parallax " + Version.current(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "local engine: java-llama.cpp 4.2.0 (llama.cpp b4916)"};
    }
}
