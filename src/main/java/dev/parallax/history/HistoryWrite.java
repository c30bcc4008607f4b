package dev.parallax.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One durable write to the history (a run's start or end, its routing decision, a batch item) that a repository
 * prepares and that can be committed together with others, all or none: a run's start row with its routing
 * decision, a run's end row with the batch item it finishes.
 *
 * <p>Why: every commit writes a chunk of H2 pages, and a caller waits for it. A batch row used to take four commits
 * in a row (start, decision, end, item), two of them on the path between one request ending and the next starting;
 * written in pairs it takes two, one on that path.
 */
public final class HistoryWrite {

    @FunctionalInterface
    interface Statements {
        void run(Connection c) throws SQLException;
    }

    private final String what;
    private final Statements statements;

    /** @param what what the write does, for an error message ("save the result of run …") */
    HistoryWrite(String what, Statements statements) {
        this.what = Objects.requireNonNull(what, "what");
        this.statements = Objects.requireNonNull(statements, "statements");
    }

    String what() {
        return what;
    }

    void apply(Connection c) throws SQLException {
        statements.run(c);
    }

    @Override
    public String toString() {
        return what;
    }
}
