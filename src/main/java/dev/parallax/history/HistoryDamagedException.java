package dev.parallax.history;

import java.nio.file.Path;

/**
 * The history database file exists but cannot be read as one: damaged (a disk error, a copy cut short) or written by
 * another version of H2. Parallax leaves the file as it is; moving it aside ({@link HistoryDatabase#moveAside}) lets a
 * new, empty history start while the old file stays for recovery.
 */
public final class HistoryDamagedException extends HistoryException {

    private final transient Path file;
    private final String why;

    public HistoryDamagedException(Path file, String why, Throwable cause) {
        super("The history database " + file + " cannot be read: " + why + ". Parallax has not changed it. Move it "
                + "aside to start a new history (mv " + file + " " + file + ".damaged; the window offers to do it), "
                + "after trying to save its runs with H2's recovery tool if you need them (java -cp parallax.jar "
                + "org.h2.tools.Recover -dir " + file.getParent() + " -db " + HistoryDatabase.FILE_NAME + ").", cause);
        this.file = file;
        this.why = why;
    }

    /** Why it cannot be read, in words ("it is damaged"). */
    public String why() {
        return why;
    }

    /** The unreadable database file. */
    public Path file() {
        return file;
    }
}
