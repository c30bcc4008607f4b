package dev.parallax.ui.base;

import dev.parallax.core.TaskProgress;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs every task at once on the calling thread: makes view-model tests deterministic without the
 * JavaFX toolkit. Repeated jobs run only when a test calls {@link #runRepeatedJobs()}.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    private final List<Runnable> repeated = new CopyOnWriteArrayList<>();

    @Override
    public <V> BackgroundTask<V> execute(BackgroundTask<V> task) {
        TaskProgress sink = new TaskProgress() {
            @Override
            public void progress(long done, long total) {
                task.progressTarget().set(total > 0 ? Math.min(1.0, done / (double) total) : -1);
            }

            @Override
            public void message(String text) {
                task.messageTarget().set(text);
            }

            @Override
            public boolean isCancelled() {
                return task.isCancelled();
            }
        };
        task.runningTarget().set(true);
        V value = null;
        Exception failure = null;
        try {
            value = task.execute(sink);
        } catch (Exception e) {
            failure = e;
        }
        task.runningTarget().set(false);
        task.complete(value, failure);
        return task;
    }

    @Override
    public Repeating repeat(Duration period, Runnable work) {
        repeated.add(work);
        return () -> repeated.remove(work);
    }

    public void runRepeatedJobs() {
        repeated.forEach(Runnable::run);
    }

    @Override
    public void close() {
        repeated.clear();
    }
}
