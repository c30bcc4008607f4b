package dev.parallax.history;

import java.nio.file.Path;

/** Another Parallax process holds the database of this home folder. */
public final class HistoryLockedException extends HistoryException {

    private final transient Path home;

    public HistoryLockedException(Path home, Throwable cause) {
        super("Parallax is already open on " + home + " (another window or command is using its database). "
                + "Close it first, or use --home to pick another data folder.", cause);
        this.home = home;
    }

    public Path home() {
        return home;
    }
}
