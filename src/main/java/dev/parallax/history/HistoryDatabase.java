package dev.parallax.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The embedded H2 database of one Parallax home ({@code <home>/parallax.mv.db}), migrated by Flyway on open.
 *
 * <p>H2's file lock makes it single-instance: a second process opening the same home gets a
 * {@link HistoryLockedException}. Every commit is written through at once (WRITE_DELAY 0), so a run-state
 * change survives a kill -9 of the process that made it (not necessarily a power cut: commits are written,
 * not fsync'ed). Within one process, open a home once and share the instance.
 */
public final class HistoryDatabase implements AutoCloseable {

    static final String FILE_NAME = "parallax";
    /** What H2's MVStore adds to the database name. */
    static final String FILE_SUFFIX = ".mv.db";
    private static final String USER = "parallax";
    private static final String PASSWORD = "";
    private static final int MAX_CONNECTIONS = 8;

    private final Optional<Path> home;
    private final String url;
    private final Connection anchor;
    private final JdbcConnectionPool pool;
    private final GroupCommit writes;
    private boolean closed;

    private HistoryDatabase(Optional<Path> home, String url, Connection anchor) {
        this.home = home;
        this.url = url;
        this.anchor = anchor;
        this.pool = JdbcConnectionPool.create(url, USER, PASSWORD);
        this.pool.setMaxConnections(MAX_CONNECTIONS);
        this.writes = new GroupCommit(this);
    }

    /**
     * Opens (creating if needed) the database of {@code home} and brings its schema up to date.
     *
     * @throws HistoryLockedException when another process has this home open
     * @throws HistoryException       when the folder cannot be used or the schema cannot be migrated
     */
    public static HistoryDatabase open(Path home) {
        Path dir = home.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new HistoryException("The data folder " + dir + " contains ';', which the database cannot take in "
                    + "its file name. Use --home to pick a folder without it.", null);
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new HistoryException("Cannot create the data folder " + dir + ": " + e.getMessage()
                    + ". Check its permissions, or use --home to pick another data folder.", e);
        }
        // H2's own exit hook would close the database while Parallax's exit hooks still record how a run ended
        // (Ctrl-C during `parallax run`: the run is cancelled, then saved); Parallax closes it itself, and every
        // commit is on disk already (WRITE_DELAY 0).
        String url = "jdbc:h2:file:" + dir.resolve(FILE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE";
        Connection anchor;
        try {
            anchor = DriverManager.getConnection(url, USER, PASSWORD);
        } catch (SQLException e) {
            if (isAlreadyOpen(e)) {
                throw new HistoryLockedException(dir, e);
            }
            Path file = dir.resolve(FILE_NAME + FILE_SUFFIX);
            Optional<String> damage = damage(e);
            if (damage.isPresent() && Files.isRegularFile(file)) {
                throw new HistoryDamagedException(file, damage.get(), e);
            }
            throw new HistoryException("Cannot open the history database in " + dir + ": " + e.getMessage(), e);
        }
        return start(Optional.of(dir), url, anchor);
    }

    /** A private in-memory database, gone when closed: for tests and throw-away sessions. */
    public static HistoryDatabase inMemory() {
        String url = "jdbc:h2:mem:parallax-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try {
            return start(Optional.empty(), url, DriverManager.getConnection(url, USER, PASSWORD));
        } catch (SQLException e) {
            throw new HistoryException("Cannot create an in-memory history database: " + e.getMessage(), e);
        }
    }

    private static HistoryDatabase start(Optional<Path> home, String url, Connection anchor) {
        try {
            try (Statement s = anchor.createStatement()) {
                // The default 500 ms delay loses the last acknowledged commits on kill -9.
                s.execute("SET WRITE_DELAY 0");
                // Texts up to 8 KB (a run's prompt, parameters, answer, timings) stay in their row: past H2's default
                // of 256 bytes each one went to the LOB maps, several pages more to write at every commit (measured:
                // a warm 1,000-row batch took 4.6 s of CPU instead of 5.3 s). Longer texts still go to LOB storage.
                s.execute("SET MAX_LENGTH_INPLACE_LOB 8192");
            }
            if (!isCurrent(anchor, home)) {
                migrate(url, home);
            }
            return new HistoryDatabase(home, url, anchor);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(anchor, e);
            if (e instanceof HistoryException he) {
                throw he;
            }
            throw new HistoryException("Cannot prepare the history database"
                    + home.map(h -> " in " + h).orElse("") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest migration this build ships ({@code db/migration/V<n>__*.sql}); a test keeps it in step with the files.
     */
    static final int SCHEMA_VERSION = 6;

    /**
     * Whether every migration of this build is applied already, read with one query: Flyway takes about half a second
     * of a command's start to load, scan its migrations and validate them, and on an up-to-date database it then
     * does nothing. A database some migration has not reached yet, one with a failed migration, or one this query
     * cannot read goes to Flyway as before; one from a newer Parallax is refused with a reason.
     */
    static boolean isCurrent(Connection c, Optional<Path> home) {
        int applied;
        int failed;
        int highest;
        // A new database has no history table: asked first, so that H2 does not trace the failed query below as an
        // error into a parallax.trace.db in the user's data folder.
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = 'flyway_schema_history'")) {
            if (r.next() && r.getInt(1) == 0) {
                return false;
            }
        } catch (SQLException e) {
            return false;
        }
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FILTER (WHERE \"success\" AND \"version\" IS NOT NULL),"
                     + " COUNT(*) FILTER (WHERE NOT \"success\"), MAX(CAST(\"version\" AS INT))"
                     + " FROM \"flyway_schema_history\"")) {
            r.next();
            applied = r.getInt(1);
            failed = r.getInt(2);
            highest = r.getInt(3);
        } catch (SQLException e) {
            return false; // a new database (no history table yet), or one Flyway should look at
        }
        if (highest > SCHEMA_VERSION) {
            throw new HistoryException("The history database" + home.map(h -> " in " + h).orElse("") + " was written by"
                    + " a newer Parallax (its schema is at version " + highest + ", this Parallax knows up to "
                    + SCHEMA_VERSION + "). Update Parallax, or use --home to pick another data folder.", null);
        }
        return failed == 0 && highest == SCHEMA_VERSION && applied == SCHEMA_VERSION;
    }

    private static void migrate(String url, Optional<Path> home) {
        try {
            Flyway.configure()
                    .dataSource(url, USER, PASSWORD)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new HistoryException("Cannot bring the history database" + home.map(h -> " in " + h).orElse("")
                    + " up to date: " + e.getMessage()
                    + ". It may come from a newer Parallax; use --home to pick another data folder.", e);
        }
    }

    /** Why H2 could not read the file, in words, when that is what went wrong (not a lock, not permissions). */
    static Optional<String> damage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                switch (sql.getErrorCode()) {
                    case ErrorCode.FILE_CORRUPTED_1:
                        return Optional.of("it is damaged");
                    case ErrorCode.FILE_VERSION_ERROR_1:
                        return Optional.of("it was written by another version of its database engine (a newer Parallax?)");
                    case ErrorCode.IO_EXCEPTION_1:
                        return t.getCause() instanceof java.nio.file.AccessDeniedException
                                || String.valueOf(sql.getMessage()).contains("Permission denied")
                                ? Optional.empty() : Optional.of("it is not a database Parallax can read, or it is damaged");
                    default:
                        break;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Renames the database of {@code home} to {@code parallax.mv.db.damaged-<time>} next to it, so that the next open
     * starts a new history; the old file stays for recovery. Returns where it went.
     */
    public static Path moveAside(Path home, java.time.Clock clock) throws java.io.IOException {
        Path file = home.toAbsolutePath().normalize().resolve(FILE_NAME + FILE_SUFFIX);
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneId.systemDefault()).format(clock.instant());
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
        return Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** H2 reports a database held by another process as 90020, sometimes below a wrapper. */
    static boolean isAlreadyOpen(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }

    /** A pooled connection in auto-commit mode; closing it gives it back. */
    public Connection connection() throws SQLException {
        synchronized (this) {
            if (closed) {
                throw new SQLException("the history database is closed");
            }
        }
        return pool.getConnection();
    }

    /** Small durable writes, committed in groups by one writer (see {@link GroupCommit}). */
    GroupCommit writes() {
        return writes;
    }

    /**
     * Commits {@code writes} in one transaction, all or none, through the group-commit writer: durable when this
     * returns.
     *
     * @throws HistoryException naming the write that failed
     */
    void commit(List<HistoryWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            writes().write(c -> {
                for (HistoryWrite w : writes) {
                    try {
                        w.apply(c);
                    } catch (SQLException e) {
                        throw new FailedWrite(w, e);
                    }
                }
                return null;
            });
        } catch (FailedWrite e) {
            throw failure(e.write.what(), e.sqlCause);
        } catch (SQLException e) {
            throw failure(writes.get(0).what(), e);
        }
    }

    /** "Could not WHAT (history database in HOME): REASON". */
    HistoryException failure(String what, SQLException e) {
        String where = home.map(h -> " in " + h).orElse("");
        return new HistoryException("Could not " + what + " (history database" + where + "): " + e.getMessage(), e);
    }

    /** Carries a failed write's SQL error out of the writer thread with the write it came from. */
    private static final class FailedWrite extends RuntimeException {
        private final transient HistoryWrite write;
        private final SQLException sqlCause;

        FailedWrite(HistoryWrite write, SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.write = write;
            this.sqlCause = cause;
        }
    }

    /** The home folder, or empty for an in-memory database. */
    public Optional<Path> home() {
        return home;
    }

    String url() {
        return url;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        writes.close();
        closed = true;
        pool.dispose();
        try {
            if (home.isEmpty()) {
                try (Statement s = anchor.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
            anchor.close();
        } catch (SQLException e) {
            throw new HistoryException("Could not close the history database cleanly: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c, Exception primary) {
        try {
            c.close();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }
}
