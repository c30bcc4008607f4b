package dev.parallax.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for the small durable writes of runs (start rows, end rows, batch items): one thread with one
 * connection takes every write waiting, applies each under its own savepoint, commits them together, and only then
 * lets their callers go on. A caller's write is durable when {@link #write} returns, exactly as with its own
 * commit; a write that fails is rolled back alone and its caller gets the error.
 *
 * <p>Why: with 16 runs ending at once, each committing on its own connection, H2's optimistic (copy-on-write,
 * compare-and-set) map updates retried against each other and every commit wrote its own chunk; measured, that was
 * ~60% of a batch's CPU time. One writer removes the contention, and a group shares one chunk write.
 */
final class GroupCommit implements AutoCloseable {

    /** One unit of work on the writer's connection; it must not commit or roll back. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private record Task<T>(Work<T> work, CompletableFuture<T> done) {
    }

    static final int MAX_GROUP = 256;
    /** Queued by {@link #close}: the writer stops when it reaches it, after the writes queued before it. */
    private static final Task<Object> STOP = new Task<>(c -> null, new CompletableFuture<>());

    private final HistoryDatabase db;
    private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GroupCommit(HistoryDatabase db) {
        this.db = db;
        this.thread = new Thread(this::loop, "history-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Applies {@code work} and commits it (with whatever else is waiting). Durable when this returns. */
    <T> T write(Work<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("the history database is closed");
        }
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a history write from inside a history write");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        queue.add(new Task<>(work, done));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    // The write is queued and will happen: wait for it, then keep the interrupt.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException sql) {
                        throw sql;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new SQLException(cause.getMessage(), cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        Connection c = null;
        List<Task<?>> group = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                group.add(queue.take());
                queue.drainTo(group, MAX_GROUP - 1);
                stop = group.remove(STOP);
                if (group.isEmpty()) {
                    continue;
                }
                if (c == null) {
                    c = db.connection();
                    c.setAutoCommit(false);
                }
                apply(c, group);
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                for (Task<?> t : group) {
                    t.done().completeExceptionally(e);
                }
                c = reset(c);
            } finally {
                group.clear();
            }
        }
        for (Task<?> t = queue.poll(); t != null; t = queue.poll()) {
            t.done().completeExceptionally(new SQLException("the history database is closed"));
        }
        reset(c);
    }

    private static void apply(Connection c, List<Task<?>> group) throws SQLException {
        List<Object> results = new ArrayList<>(group.size());
        List<Throwable> failures = new ArrayList<>(group.size());
        for (Task<?> t : group) {
            Savepoint sp = group.size() > 1 ? c.setSavepoint() : null;
            try {
                results.add(t.work().run(c));
                failures.add(null);
            } catch (SQLException | RuntimeException e) {
                if (sp != null) {
                    c.rollback(sp);
                } else {
                    c.rollback();
                }
                results.add(null);
                failures.add(e);
            }
        }
        c.commit();
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i), failures.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> t, Object result, Throwable failure) {
        if (failure != null) {
            t.done().completeExceptionally(failure);
        } else {
            t.done().complete((T) result);
        }
    }

    private static Connection reset(Connection c) {
        if (c != null) {
            try {
                c.rollback();
                c.close();
            } catch (SQLException e) {
                // A broken connection: the next group opens a fresh one.
            }
        }
        return null;
    }

    /** Lets queued writes finish, then stops the thread. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
