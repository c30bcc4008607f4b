package dev.parallax.config;

import java.nio.file.Path;

/**
 * {@code config.json} is there but is no JSON object (a hand edit gone wrong, a copy cut short). Parallax does not
 * write over it; {@link ConfigFile#moveAside} keeps it next to a new one.
 */
public final class ConfigFileInvalidException extends IllegalStateException {

    private final transient Path file;
    private final String why;

    public ConfigFileInvalidException(Path file, String why, Throwable cause) {
        super("The settings file " + file + " " + why + ". Fix or remove it.", cause);
        this.file = file;
        this.why = why;
    }

    public Path file() {
        return file;
    }

    /** What is wrong, in words ("is not valid JSON (line 3): …"). */
    public String why() {
        return why;
    }
}
