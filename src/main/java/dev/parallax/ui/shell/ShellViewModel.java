package dev.parallax.ui.shell;

import dev.parallax.engine.EngineState;
import dev.parallax.engine.local.LocalEngine;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.base.UiThread;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The window around the screens: which screen shows, and the status bar's engine state, loaded model
 * and worker memory. State changes come from the engine's listener; memory is polled every two
 * seconds off the UI thread (it reads /proc).
 */
public final class ShellViewModel implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(2);

    private final Supplier<LocalEngine> engine;
    private final TaskExecutor tasks;
    private final UiThread ui;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.PLAYGROUND);
    private final ReadOnlyStringWrapper engineState = new ReadOnlyStringWrapper(this, "engineState", "Idle");
    private final ReadOnlyBooleanWrapper engineBusy = new ReadOnlyBooleanWrapper(this, "engineBusy", false);
    private final ReadOnlyStringWrapper loadedModel = new ReadOnlyStringWrapper(this, "loadedModel", "No model loaded");
    private final ReadOnlyStringWrapper workerMemory = new ReadOnlyStringWrapper(this, "workerMemory", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private TaskExecutor.Repeating poll;

    public ShellViewModel(Supplier<LocalEngine> engine, TaskExecutor tasks, UiThread ui) {
        this.engine = engine;
        this.tasks = tasks;
        this.ui = ui;
    }

    /** Connects the status bar to the engine; the engine is built off the UI thread. */
    public void startEngineStatus() {
        tasks.execute(BackgroundTask.of("Start engine status", p -> engine.get())
                .onSuccess(e -> {
                    e.onStateChange(state -> {
                        LocalEngine.Status status = e.status();
                        ui.run(() -> show(state, status));
                    });
                    show(e.state(), e.status());
                    poll = tasks.repeat(POLL, () -> {
                        LocalEngine.Status status = e.status();
                        ui.run(() -> show(status.state(), status));
                    });
                })
                .onFailure(e -> {
                    engineState.set("Engine unavailable");
                    problem.set(e.getMessage());
                }));
    }

    void show(EngineState state, LocalEngine.Status status) {
        engineState.set(label(state));
        engineBusy.set(state != EngineState.IDLE);
        loadedModel.set(status.loadedModel().map(f -> {
            Path name = Path.of(f).getFileName();
            return name == null ? f : name.toString();
        }).orElse("No model loaded"));
        workerMemory.set(status.workerMemoryBytes().isPresent()
                ? "Worker " + Formats.bytes(status.workerMemoryBytes().getAsLong()) : "");
    }

    static String label(EngineState state) {
        String l = state.label();
        return Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    public void show(Page p) {
        page.set(p);
    }

    @Override
    public void close() {
        if (poll != null) {
            poll.close();
        }
    }

    public ObjectProperty<Page> pageProperty() { return page; }
    public ReadOnlyStringProperty engineStateProperty() { return engineState.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty engineBusyProperty() { return engineBusy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty loadedModelProperty() { return loadedModel.getReadOnlyProperty(); }
    public ReadOnlyStringProperty workerMemoryProperty() { return workerMemory.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
}
