package dev.parallax.ui.base;

import java.time.Duration;

/** Runs {@link BackgroundTask}s off the UI thread and delivers their outcome on it. */
public interface TaskExecutor extends AutoCloseable {

    <V> BackgroundTask<V> execute(BackgroundTask<V> task);

    /** Runs {@code work} every {@code period} on a background thread until the returned handle is closed. */
    Repeating repeat(Duration period, Runnable work);

    /** Stops the pool; running work finishes on its own (threads are daemons). */
    @Override
    void close();

    /** A repeated job; closing it stops further runs. */
    interface Repeating extends AutoCloseable {
        @Override
        void close();
    }
}
