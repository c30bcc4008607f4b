package dev.parallax.ui.base;

import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import javafx.application.Platform;
import javafx.concurrent.Task;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs background tasks as {@link javafx.concurrent.Task}s on a small pool. The task's progress and
 * message are bound to the JavaFX task's, which JavaFX coalesces onto its thread: a service may report
 * progress a thousand times a second without flooding the UI.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService pool;
    private final ScheduledExecutorService timer;

    public FxTaskExecutor() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> daemon(r, "parallax-task-" + n.incrementAndGet()));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "parallax-timer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public <V> BackgroundTask<V> execute(BackgroundTask<V> background) {
        Task<V> task = new Task<>() {
            @Override
            protected V call() throws Exception {
                return background.execute(new TaskProgress() {
                    @Override
                    public void progress(long done, long total) {
                        if (total > 0) {
                            updateProgress(done, total);
                        }
                    }

                    @Override
                    public void message(String text) {
                        updateMessage(text);
                    }

                    @Override
                    public boolean isCancelled() {
                        return background.isCancelled();
                    }
                });
            }
        };
        task.setOnSucceeded(e -> background.complete(task.getValue(), null));
        task.setOnFailed(e -> background.complete(null, asException(task.getException())));
        Runnable bindAndStart = () -> {
            background.progressTarget().bind(task.progressProperty());
            background.messageTarget().bind(task.messageProperty());
            background.runningTarget().bind(task.runningProperty());
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                // The window is closing and the pool is gone: the work will not run, as if cancelled.
                background.complete(null, new TaskCancelledException(background.title()));
            }
        };
        if (Platform.isFxApplicationThread()) {
            bindAndStart.run();
        } else {
            Platform.runLater(bindAndStart);
        }
        return background;
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new IllegalStateException(t.toString(), t);
    }

    @Override
    public Repeating repeat(Duration period, Runnable work) {
        ScheduledFuture<?> job;
        try {
            job = timer.scheduleWithFixedDelay(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // A failed poll is retried at the next period; the job reports problems through its own state.
                }
            }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The window closed while the work that asks for this was finishing: there is nothing left to poll for.
            return () -> { };
        }
        return () -> job.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pool.shutdown();
    }
}
