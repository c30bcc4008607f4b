package dev.parallax.ui.settings;

import dev.parallax.engine.local.LocalEngines;
import dev.parallax.route.EnginePreferences;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.function.Supplier;

/**
 * Settings → Local engines: whether the worker keeps the last model loaded between runs (applied to the
 * running engines at once and saved), and which engine {@code auto} runs on here, or why the current
 * llama.cpp cannot run. Everything that touches files or engines runs off the UI thread.
 */
public final class LocalEnginesViewModel {

    private final Supplier<EnginePreferences> preferences;
    private final Supplier<LocalEngines> engines;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final BooleanProperty keepLoaded = new SimpleBooleanProperty(this, "keepLoaded", true);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private boolean showing;

    public LocalEnginesViewModel(Supplier<EnginePreferences> preferences, Supplier<LocalEngines> engines,
                                 TaskExecutor tasks, DialogService dialogs) {
        this.preferences = preferences;
        this.engines = engines;
        this.tasks = tasks;
        this.dialogs = dialogs;
        keepLoaded.addListener((o, before, now) -> {
            if (!showing && ready.get()) {
                save(before, now);
            }
        });
    }

    private record State(boolean keepLoaded, String status) {
    }

    /** Reads the saved choice and what runs here. */
    public void refresh() {
        tasks.execute(BackgroundTask.of("Read local engine settings", p -> {
                    LocalEngines e = engines.get();
                    String running = e.currentAvailable()
                            ? "auto runs local models on the current llama.cpp (v0.5.0); java-llama.cpp (b4916) is there too."
                            : "auto runs local models on java-llama.cpp (b4916): the current llama.cpp is not available ("
                            + e.currentUnavailableReason() + ").";
                    return new State(preferences.get().keepModelLoaded(), running);
                })
                .onSuccess(s -> {
                    showing = true;
                    keepLoaded.set(s.keepLoaded());
                    showing = false;
                    status.set(s.status());
                    ready.set(true);
                })
                .onFailure(e -> status.set("The local engine settings could not be read: " + e.getMessage())));
    }

    private void save(boolean before, boolean now) {
        tasks.execute(BackgroundTask.of("Save keep-loaded", p -> {
                    preferences.get().setKeepModelLoaded(now);
                    engines.get().keepModelLoaded(now);
                    return now;
                })
                .onFailure(e -> {
                    dialogs.showError("Setting not saved", e.getMessage());
                    showing = true;
                    keepLoaded.set(before);
                    showing = false;
                }));
    }

    public BooleanProperty keepLoadedProperty() { return keepLoaded; }

    public ReadOnlyBooleanProperty readyProperty() { return ready.getReadOnlyProperty(); }

    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
