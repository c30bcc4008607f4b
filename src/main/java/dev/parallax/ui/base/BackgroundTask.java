package dev.parallax.ui.base;

import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Work that runs off the UI thread and reports back on it. It knows nothing of the toolkit: a
 * {@link TaskExecutor} runs it (on a pool and the JavaFX thread in the app, on the calling thread in
 * tests). The work gets a {@link TaskProgress} so services report progress and learn of a cancel
 * the same way everywhere; the progress and message properties are bound by the executor.
 *
 * <p>Callbacks run on the UI thread, exactly one of success, failure or cancelled, then finished.
 * Cancelling is cooperative: the work sees {@link TaskProgress#isCancelled()} and throws
 * {@link TaskCancelledException}; a thread is never interrupted (H2 and file channels close on interrupts).
 */
public abstract class BackgroundTask<V> {

    /** The work itself. */
    @FunctionalInterface
    public interface Work<V> {
        V call(TaskProgress progress) throws Exception;
    }

    private final String title;
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final BooleanProperty running = new SimpleBooleanProperty(this, "running", false);
    private volatile boolean cancelled;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<? super Exception> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };

    protected BackgroundTask(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    public static <V> BackgroundTask<V> of(String title, Work<V> work) {
        return new BackgroundTask<>(title) {
            @Override
            protected V call(TaskProgress progress) throws Exception {
                return work.call(progress);
            }
        };
    }

    protected abstract V call(TaskProgress progress) throws Exception;

    public String title() {
        return title;
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onFailure(Consumer<? super Exception> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onCancelled(Runnable action) {
        this.onCancelled = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<V> onFinished(Runnable action) {
        this.onFinished = Objects.requireNonNull(action);
        return this;
    }

    /** Asks the work to stop at its next progress check. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** 0..1, or -1 while the amount of work is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    // For executors: the writable side of the properties and the callbacks.

    DoubleProperty progressTarget() {
        return progress;
    }

    StringProperty messageTarget() {
        return message;
    }

    BooleanProperty runningTarget() {
        return running;
    }

    /** Runs the work on the current thread with the given progress sink. */
    V execute(TaskProgress sink) throws Exception {
        return call(sink);
    }

    /** Delivers the outcome; UI thread only. */
    void complete(V value, Exception failure) {
        try {
            if (failure == null) {
                onSuccess.accept(value);
            } else if (failure instanceof TaskCancelledException || cancelled && failure instanceof InterruptedException) {
                onCancelled.run();
            } else {
                onFailure.accept(failure);
            }
        } finally {
            onFinished.run();
        }
    }
}
